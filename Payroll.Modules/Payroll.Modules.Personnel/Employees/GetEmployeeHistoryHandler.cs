using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>A person's history, newest first, masked; the read is recorded in the access ledger with the person's id.</summary>
internal sealed class GetEmployeeHistoryHandler(IDbConnectionFactory db, FieldCipher cipher, ISender sender)
    : IRequestHandler<GetEmployeeHistory, IReadOnlyList<EmployeeVersion>>
{
    private const string HistorySql = $"""
        SELECT v.id AS {nameof(Row.Id)}, v.employee_id AS {nameof(Row.EmployeeId)}, v.effective_from AS {nameof(Row.EffectiveFrom)},
               v.recorded_at AS {nameof(Row.RecordedAt)}, v.recorded_by AS {nameof(Row.RecordedBy)}, v.reason AS {nameof(Row.Reason)},
               u.code AS {nameof(Row.UnitCode)}, v.name AS {nameof(Row.Name)}, v.national_id AS {nameof(Row.NationalId)},
               v.staff_category AS {nameof(Row.Category)}, v.grade AS {nameof(Row.Grade)}, v.salary_points AS {nameof(Row.SalaryPoints)},
               v.bank_account AS {nameof(Row.BankAccount)}, v.bank_code AS {nameof(Row.BankCode)}, v.branch_code AS {nameof(Row.BranchCode)},
               v.email AS {nameof(Row.Email)}, v.mobile AS {nameof(Row.Mobile)}, v.address AS {nameof(Row.Address)},
               v.status AS {nameof(Row.Status)}, v.status_date AS {nameof(Row.StatusDate)}, v.approved_by AS {nameof(Row.ApprovedBy)}
        FROM personnel_employee_version v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE e.employee_no = @no
        ORDER BY v.effective_from DESC, v.id DESC
        """;

    public async ValueTask<IReadOnlyList<EmployeeVersion>> Handle(GetEmployeeHistory request, CancellationToken cancellationToken)
    {
        List<Row> rows;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            rows = (await c.QueryAsync<Row>(new CommandDefinition(HistorySql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken))).AsList();
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var rowId = rows[0].EmployeeId.ToString(CultureInfo.InvariantCulture);
        var result = rows.Select(r => new EmployeeVersion(
            r.Id, EmployeeVersions.ParseIso(r.EffectiveFrom), DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedAt), r.RecordedBy, cipher.Open(r.Reason, EmployeeVersions.Table, "reason", rowId)!, r.UnitCode, Clear(r.Name, "name", rowId)!,
            Masking.NationalId(cipher.DecryptString(r.NationalId, EmployeeVersions.Table, "national_id", rowId)),
            Enum.Parse<StaffCategory>(r.Category), r.Grade, r.SalaryPoints,
            Masking.Account(cipher.DecryptString(r.BankAccount, EmployeeVersions.Table, "bank_account", rowId)), r.BankCode, r.BranchCode,
            Masking.Email(Clear(r.Email, "email", rowId)), Masking.Phone(Clear(r.Mobile, "mobile", rowId)), Masking.Address(Clear(r.Address, "address", rowId)),
            Enum.Parse<EmploymentStatus>(r.Status), EmployeeVersions.ParseIso(r.StatusDate), r.ApprovedBy)).ToList();

        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "personnel/history", [rows[0].EmployeeId],
            ["name", "national-id-masked", "bank-account-masked", "contact-masked", "grade", "salary-points"], AccessOutcome.Allowed), cancellationToken);
        return result;
    }

    private string? Clear(byte[]? value, string column, string rowId) => value is null ? null : cipher.DecryptString(value, EmployeeVersions.Table, column, rowId);

    private sealed record Row
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public string EffectiveFrom { get; init; } = "";

        public long RecordedAt { get; init; }

        public string RecordedBy { get; init; } = "";

        public string Reason { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public byte[] Name { get; init; } = [];

        public byte[] NationalId { get; init; } = [];

        public string Category { get; init; } = "";

        public int? Grade { get; init; }

        public int? SalaryPoints { get; init; }

        public byte[] BankAccount { get; init; } = [];

        public string BankCode { get; init; } = "";

        public string BranchCode { get; init; } = "";

        public byte[]? Email { get; init; }

        public byte[]? Mobile { get; init; }

        public byte[]? Address { get; init; }

        public string Status { get; init; } = "";

        public string StatusDate { get; init; } = "";

        public string? ApprovedBy { get; init; }
    }
}
