using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Deductions;

/// <summary>After a key rotation: every standing deduction's sealed amounts under the active key, in batches (resumable).</summary>
internal sealed class ReencryptDeductionsHandler(IDbConnectionFactory db, FieldCipher cipher, DeductionSeal seal) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = """
        SELECT id AS Id, employee_id AS EmployeeId, terms AS Terms FROM salary_standing_deduction
        WHERE substr(terms, 2, 4) <> @active
        ORDER BY id LIMIT @limit
        """;

    private const string UpdateSql = "UPDATE salary_standing_deduction SET terms = @Terms WHERE id = @Id";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql,
            r => new { r.Id, Terms = seal.Reencrypt(r.Terms, r.EmployeeId) }, cancellationToken);

    private sealed class Row
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Terms { get; init; } = [];
    }
}
