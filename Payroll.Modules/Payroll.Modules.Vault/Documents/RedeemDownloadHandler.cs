using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Vault.Ledger;

namespace Payroll.Modules.Vault.Documents;

/// <summary>Uses a grant once, in its own session, before it expires; anything else is refused and recorded.</summary>
internal sealed class RedeemDownloadHandler(IDbConnectionFactory db, FieldCipher cipher, LedgerWriter ledger, IClock clock)
    : IRequestHandler<RedeemDownload, DownloadContent?>
{
    // One statement decides: a second use, another session or an expired grant matches no row.
    private const string UseGrantSql = """
        UPDATE vault_grant SET used_at = @now
        WHERE id = @id AND used_at IS NULL AND expires_at > @now AND user_id = @userId AND session_key = @sessionKey
        RETURNING document_id
        """;

    private const string GrantSql = $"""
        SELECT document_id AS {nameof(GrantRow.DocumentId)}, user_id AS {nameof(GrantRow.UserId)}, session_key AS {nameof(GrantRow.SessionKey)},
               expires_at AS {nameof(GrantRow.ExpiresAt)}, used_at AS {nameof(GrantRow.UsedAt)}
        FROM vault_grant WHERE id = @id
        """;

    private const string ContentSql = "SELECT content FROM vault_document_content WHERE document_id = @id";

    public async ValueTask<DownloadContent?> Handle(RedeemDownload request, CancellationToken cancellationToken)
    {
        var actor = request.Actor;
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(cancellationToken);
        string? documentId = null;
        if (DocumentIds.IsWellFormed(request.GrantId) && actor.UserId is not null && !string.IsNullOrEmpty(actor.SessionKey))
        {
            documentId = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                UseGrantSql, new { id = request.GrantId, now, userId = actor.UserId, sessionKey = actor.SessionKey }, cancellationToken: cancellationToken));
        }

        if (documentId is null)
        {
            var grant = DocumentIds.IsWellFormed(request.GrantId)
                ? await c.QuerySingleOrDefaultAsync<GrantRow>(new CommandDefinition(GrantSql, new { id = request.GrantId }, cancellationToken: cancellationToken))
                : null;
            var reason = grant switch
            {
                null => "unknown grant",
                _ when actor.UserId is null => "anonymous",
                { UsedAt: not null } => "grant already used",
                _ when grant.ExpiresAt <= now => "grant expired",
                _ => "grant belongs to another session",
            };
            await ledger.AppendAccessAsync(actor, AccessAction.Download, grant?.DocumentId, null, null, [], [], AccessOutcome.Refused, reason, cancellationToken);
            return null;
        }

        var document = await c.QuerySingleAsync<DocumentRow>(new CommandDefinition(GetDocumentInfoHandler.SelectSql, new { id = documentId }, cancellationToken: cancellationToken));
        var stored = await c.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(ContentSql, new { id = documentId }, cancellationToken: cancellationToken));
        if (stored is null)
        {
            await ledger.AppendAccessAsync(actor, AccessAction.Download, documentId, document.Kind, null, [], [], AccessOutcome.Refused, "document purged", cancellationToken);
            return null;
        }

        var content = cipher.Decrypt(stored, DocumentIds.ContentTable, DocumentIds.ContentColumn, documentId);
        await ledger.AppendAccessAsync(
            actor, AccessAction.Download, documentId, document.Kind, null, [], document.ToInfo().DataCategories, AccessOutcome.Allowed, null, cancellationToken);
        return new DownloadContent(documentId, document.FileName, document.ContentType, content);
    }

    private sealed record GrantRow
    {
        public string DocumentId { get; init; } = "";

        public long UserId { get; init; }

        public string SessionKey { get; init; } = "";

        public long ExpiresAt { get; init; }

        public long? UsedAt { get; init; }
    }
}
