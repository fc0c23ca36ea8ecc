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

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql, row => new
        {
            content = cipher.Reencrypt(row.Content, DocumentIds.ContentTable, DocumentIds.ContentColumn, row.DocumentId),
            documentId = row.DocumentId,
            old = row.Content,
        }, cancellationToken);

    private sealed record Row
    {
        public string DocumentId { get; init; } = "";

        public byte[] Content { get; init; } = [];
    }
}
