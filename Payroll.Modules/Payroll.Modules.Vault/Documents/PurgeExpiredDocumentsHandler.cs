using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Vault.Ledger;

namespace Payroll.Modules.Vault.Documents;

/// <summary>
/// Retention: removes the content of every document past its date (metadata and subjects stay, as evidence of what
/// existed) and records each purge in the ledger. A document already purged is skipped, so a repeat does nothing.
/// </summary>
internal sealed class PurgeExpiredDocumentsHandler(IDbConnectionFactory db, LedgerWriter ledger, IClock clock) : IRequestHandler<PurgeExpiredDocuments, int>
{
    private const string DueSql = $"""
        SELECT id AS {nameof(Due.Id)}, kind AS {nameof(Due.Kind)} FROM vault_document
        WHERE expires_at <= @now AND purged_at IS NULL ORDER BY expires_at
        """;

    private const string DeleteContentSql = "DELETE FROM vault_document_content WHERE document_id = @id";

    private const string MarkPurgedSql = "UPDATE vault_document SET purged_at = @now WHERE id = @id AND purged_at IS NULL";

    private const string DropGrantsSql = "DELETE FROM vault_grant WHERE document_id = @id";

    public async ValueTask<int> Handle(PurgeExpiredDocuments request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        List<Due> due;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            due = (await c.QueryAsync<Due>(new CommandDefinition(DueSql, new { now }, cancellationToken: cancellationToken))).AsList();
        }

        var purged = 0;
        foreach (var document in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var c = await db.OpenAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var marked = await c.ExecuteAsync(new CommandDefinition(MarkPurgedSql, new { id = document.Id, now }, tx, cancellationToken: cancellationToken));
            await c.ExecuteAsync(new CommandDefinition(DropGrantsSql, new { id = document.Id }, tx, cancellationToken: cancellationToken));
            await c.ExecuteAsync(new CommandDefinition(DeleteContentSql, new { id = document.Id }, tx, cancellationToken: cancellationToken));
            await tx.CommitAsync(cancellationToken);
            if (marked == 1)
            {
                purged++;
                await ledger.AppendAccessAsync(request.Actor, AccessAction.Purge, document.Id, document.Kind, "retention", [], [], AccessOutcome.Allowed, null, cancellationToken);
            }
        }

        return purged;
    }

    private sealed record Due
    {
        public string Id { get; init; } = "";

        public string Kind { get; init; } = "";
    }
}
