using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>After a key rotation: every sealed credit and held amount under the active key, in batches (resumable).</summary>
internal sealed class ReencryptCreditsHandler(IDbConnectionFactory db, FieldCipher cipher, CreditSeal seal) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string PaymentsSql = """
        SELECT file_id AS FileId, sequence AS Sequence, employee_id AS EmployeeId, credit AS Sealed FROM banktransfer_payment
        WHERE substr(credit, 2, 4) <> @active
        ORDER BY file_id, sequence LIMIT @limit
        """;

    private const string UpdatePaymentSql = "UPDATE banktransfer_payment SET credit = @Sealed WHERE file_id = @FileId AND sequence = @Sequence";

    private const string HoldsSql = """
        SELECT generation_id AS FileId, 0 AS Sequence, employee_id AS EmployeeId, held AS Sealed FROM banktransfer_hold
        WHERE substr(held, 2, 4) <> @active
        ORDER BY generation_id, employee_id LIMIT @limit
        """;

    private const string UpdateHoldSql = "UPDATE banktransfer_hold SET held = @Sealed WHERE generation_id = @FileId AND employee_id = @EmployeeId";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken)
    {
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, PaymentsSql, UpdatePaymentSql,
            r => new { r.FileId, r.Sequence, Sealed = seal.ReencryptCredit(r.Sealed, r.FileId, r.Sequence, r.EmployeeId) }, cancellationToken);
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, HoldsSql, UpdateHoldSql,
            r => new { r.FileId, r.EmployeeId, Sealed = seal.ReencryptHeld(r.Sealed, r.FileId, r.EmployeeId) }, cancellationToken);
    }

    /// <summary>A sealed value and the row it is bound to (for a hold, <see cref="FileId"/> is its generation).</summary>
    private sealed class Row
    {
        public long FileId { get; init; }

        public long Sequence { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Sealed { get; init; } = [];
    }
}
