using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>After a key rotation: re-encrypts the record, reason and note kept with every pending change (decided ones too), a batch per transaction; resumable.</summary>
internal sealed class ReencryptPendingChangesHandler(IDbConnectionFactory db, FieldCipher cipher) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = """
        SELECT id AS Id, change_key AS ChangeKey, input AS Input, reason AS Reason, note AS Note FROM personnel_pending_change
        WHERE substr(input, 2, 4) <> @active OR (reason LIKE 'sealed1:%' AND reason NOT LIKE @activeText) OR (note LIKE 'sealed1:%' AND note NOT LIKE @activeText)
        ORDER BY id LIMIT @limit
        """;

    private const string UpdateSql = "UPDATE personnel_pending_change SET input = @Input, reason = @Reason, note = @Note WHERE id = @Id";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql,
            row => row with
            {
                Input = cipher.Reencrypt(row.Input, PendingChangeStore.Table, "input", row.ChangeKey),
                Reason = cipher.Reseal(row.Reason, PendingChangeStore.Table, "reason", row.ChangeKey)!,
                Note = cipher.Reseal(row.Note, PendingChangeStore.Table, "note", row.ChangeKey),
            }, cancellationToken);

    private sealed record Row
    {
        public long Id { get; init; }

        public string ChangeKey { get; init; } = "";

        public byte[] Input { get; init; } = [];

        public string Reason { get; init; } = "";

        public string? Note { get; init; }
    }
}
