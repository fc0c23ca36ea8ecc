using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Payslips;

/// <summary>After a key rotation: every payslip's sealed figures and lines under the active key, in batches (resumable).</summary>
internal sealed class ReencryptPayslipsHandler(IDbConnectionFactory db, FieldCipher cipher, PayslipSeal seal) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = """
        SELECT run_id AS RunId, version AS Version, employee_id AS EmployeeId, figures AS Figures, lines AS Lines FROM salary_payslip
        WHERE substr(figures, 2, 4) <> @active OR substr(lines, 2, 4) <> @active
        ORDER BY run_id, version, employee_id LIMIT @limit
        """;

    private const string UpdateSql = "UPDATE salary_payslip SET figures = @Figures, lines = @Lines WHERE run_id = @RunId AND version = @Version AND employee_id = @EmployeeId";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql, r =>
        {
            var (figures, lines) = seal.Reencrypt(r.Figures, r.Lines, r.RunId, r.Version, r.EmployeeId);
            return new { r.RunId, r.Version, r.EmployeeId, Figures = figures, Lines = lines };
        }, cancellationToken);

    private sealed class Row
    {
        public long RunId { get; init; }

        public long Version { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Figures { get; init; } = [];

        public byte[] Lines { get; init; } = [];
    }
}
