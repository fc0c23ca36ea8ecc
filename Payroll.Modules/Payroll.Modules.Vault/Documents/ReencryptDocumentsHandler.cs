using System.Data.Common;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Documents;

/// <summary>
/// After a key rotation: re-encrypts document contents still under an older key, a batch per transaction. The
/// key id sits in bytes 2-5 of each value, so the rows left to do are found by SQL and a repeat resumes.
/// </summary>
internal sealed class ReencryptDocumentsHandler(IDbConnectionFactory db, FieldCipher cipher) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = $"""
        SELECT document_id AS {nameof(Row.DocumentId)}, content AS {nameof(Row.Content)} FROM vault_document_content
        WHERE substr(content, 2, 4) <> @active
        ORDER BY document_id LIMIT @limit
        """;

    private const string UpdateSql = "UPDATE vault_document_content SET content = @content WHERE document_id = @documentId AND content = @old";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken)
    {
        var active = FieldCipher.KeyIdBytes(cipher.ActiveKeyId);
        while (true)
        {
            await using var c = await db.OpenAsync(cancellationToken);
            await using DbTransaction tx = await c.BeginTransactionAsync(cancellationToken);
            var batch = (await c.QueryAsync<Row>(new CommandDefinition(BatchSql, new { active, limit = notification.BatchSize }, tx, cancellationToken: cancellationToken))).AsList();
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var row in batch)
            {
                var fresh = cipher.Reencrypt(row.Content, DocumentIds.ContentTable, DocumentIds.ContentColumn, row.DocumentId);
                await c.ExecuteAsync(new CommandDefinition(UpdateSql, new { content = fresh, documentId = row.DocumentId, old = row.Content }, tx, cancellationToken: cancellationToken));
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    private sealed record Row
    {
        public string DocumentId { get; init; } = "";

        public byte[] Content { get; init; } = [];
    }
}
