using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Vault.Ledger;

namespace Payroll.Modules.Vault.Documents;

/// <summary>
/// Checks the actor's right to the document's kind and subjects, then issues a grant bound to the actor's session,
/// short-lived and single-use. Refusals are recorded like grants.
/// </summary>
internal sealed class RequestDownloadHandler(IDbConnectionFactory db, LedgerWriter ledger, IClock clock, IOptions<VaultOptions> options)
    : IRequestHandler<RequestDownload, DownloadGrant?>
{
    private const string SubjectsSql = "SELECT subject_id FROM vault_document_subject WHERE document_id = @id";

    private const string InsertGrantSql = """
        INSERT INTO vault_grant (id, document_id, user_id, session_key, created_at, expires_at)
        VALUES (@grantId, @documentId, @userId, @sessionKey, @now, @expiresAt)
        """;

    public async ValueTask<DownloadGrant?> Handle(RequestDownload request, CancellationToken cancellationToken)
    {
        var actor = request.Actor;
        DocumentRow? document = null;
        IReadOnlyList<long> subjects = [];
        await using var c = await db.OpenAsync(cancellationToken);
        if (DocumentIds.IsWellFormed(request.DocumentId))
        {
            document = await c.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(GetDocumentInfoHandler.SelectSql, new { id = request.DocumentId }, cancellationToken: cancellationToken));
            if (document is not null)
            {
                subjects = (await c.QueryAsync<long>(new CommandDefinition(SubjectsSql, new { id = document.Id }, cancellationToken: cancellationToken))).AsList();
            }
        }

        var refusal = document switch
        {
            null => "unknown document",
            { PurgedAt: not null } => "document purged",
            _ when actor.UserId is null || string.IsNullOrEmpty(actor.SessionKey) => "no session",
            _ when !MayRead(actor, document.Kind, subjects) => "not permitted for this kind or these people",
            _ => null,
        };
        if (refusal is not null)
        {
            await ledger.AppendAccessAsync(actor, AccessAction.GrantIssued, Known(request.DocumentId, document), document?.Kind, null, [], [], AccessOutcome.Refused, refusal, cancellationToken);
            return null;
        }

        var grantId = DocumentIds.New();
        var now = clock.UtcNow;
        var expiresAt = now + options.Value.GrantLifetime;
        await c.ExecuteAsync(new CommandDefinition(InsertGrantSql, new
        {
            grantId,
            documentId = document!.Id,
            userId = actor.UserId,
            sessionKey = actor.SessionKey,
            now = now.ToUnixTimeMilliseconds(),
            expiresAt = expiresAt.ToUnixTimeMilliseconds(),
        }, cancellationToken: cancellationToken));
        await ledger.AppendAccessAsync(actor, AccessAction.GrantIssued, document.Id, document.Kind, null, [], [], AccessOutcome.Allowed, null, cancellationToken);
        return new DownloadGrant(grantId, expiresAt);
    }

    private bool MayRead(Actor actor, string kind, IReadOnlyList<long> subjects)
    {
        if (!options.Value.Kinds.TryGetValue(kind, out var policy))
        {
            return false;
        }

        if (policy.Roles.Intersect(actor.Roles, StringComparer.Ordinal).Any())
        {
            return true;
        }

        // An employee's own document: they are its one and only subject.
        return policy.SubjectMayRead && actor.EmployeeId is { } self && subjects.Count > 0 && subjects.All(s => s == self);
    }

    /// <summary>The ledger keeps the id asked for only when it names a real document (no attacker-chosen text in the ledger).</summary>
    private static string? Known(string requested, DocumentRow? document) => document is null ? null : requested;
}
