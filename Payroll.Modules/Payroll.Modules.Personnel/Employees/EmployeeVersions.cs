using System.Data.Common;
using System.Globalization;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Writes versions of people: identifiers encrypted (associated data: this table, the column, the employee id) and
/// indexed blind; the reason typed for the version sealed the same way (<see cref="SealedText"/>), as it may name someone. One path for a single save, an import and the demo city.
/// </summary>
internal sealed class EmployeeVersions(FieldCipher cipher, BlindIndex index, NameTerms terms)
{
    public const string Table = "personnel_employee_version";

    /// <summary>The stored statuses of someone no longer in service, as an SQL list.</summary>
    public const string LeavingStatuses = "('Left', 'Retired', 'Redundant', 'Deceased')";

    /// <summary>CTE <c>ranked</c>: the versions of the people in the id set up to <c>@end</c>, the latest with <c>rn = 1</c>.</summary>
    public const string LatestOfIdsByEnd = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
            WHERE v.effective_from <= @end AND v.employee_id IN {SqlDialect.IdSetMarker}
        )
        """;

    /// <summary>The encrypted columns, for rotation.</summary>
    public static readonly string[] EncryptedColumns = ["name", "romanised_name", "birth_date", "national_id", "bank_account", "email", "mobile", "address"];

    private static readonly string[] Columns =
    [
        "employee_id", "effective_from", "recorded_at", "recorded_by", "reason", "unit_id", "name", "romanised_name",
        "national_id", "national_id_index", "birth_date", "staff_category", "rank", "grade", "salary_points",
        "professional_allowance_table", "professional_allowance_level", "supervisor_allowance_level", "area_allowance",
        "nhi_dependents", "insurance_group", "pension_scheme", "withholding_method", "tax_dependents", "tax_resident",
        "bank_code", "branch_code", "bank_account", "bank_account_index", "email", "mobile", "address", "status", "status_date", "name_terms",
        "pay_fields", "approved_by", "approved_at", "pending_change_id",
    ];

    /// <param name="recordedBy">Who entered it (for an approved pending change, its maker; the approver is in <paramref name="provenance"/>).</param>
    public object?[] Row(long employeeId, long unitId, EmployeeInput e, DateOnly effectiveFrom, string reason, string recordedBy, long recordedAt, VersionProvenance? provenance = null)
    {
        var rowId = employeeId.ToString(CultureInfo.InvariantCulture);
        byte[]? Protect(string column, string? value) =>
            string.IsNullOrWhiteSpace(value) ? null : cipher.EncryptString(value.Trim(), Table, column, rowId);
        var nationalId = Kernel.Identity.NationalId.Normalise(e.NationalId);
        return
        [
            employeeId, Iso(effectiveFrom), recordedAt, recordedBy, cipher.Seal(reason, Table, "reason", rowId), unitId, Protect("name", e.Name), Protect("romanised_name", e.RomanisedName),
            Protect("national_id", nationalId), index.Compute("national_id", nationalId), Protect("birth_date", Iso(e.BirthDate)), e.Category.ToString(), e.Rank, e.Grade, e.SalaryPoints,
            e.ProfessionalAllowanceTable, e.ProfessionalAllowanceLevel, e.SupervisorAllowanceLevel, e.AreaAllowance,
            e.NhiDependents, e.InsuranceGroup, e.Pension.ToString(), e.Withholding.ToString(), e.TaxDependents, e.TaxResident,
            e.BankCode, e.BranchCode, Protect("bank_account", e.BankAccount), index.Compute("bank_account", e.BankAccount), Protect("email", e.Email),
            Protect("mobile", e.Mobile), Protect("address", e.Address), e.Status.ToString(), Iso(e.StatusDate), terms.Column(e.Name),
            provenance?.PayFields, provenance?.ApprovedBy, provenance?.ApprovedAt, provenance?.PendingChangeId,
        ];
    }

    public static Task<long> InsertAsync(DbConnection c, DbTransaction tx, IEnumerable<object?[]> rows, CancellationToken ct) =>
        BulkInsert.RunAsync(c, tx, Table, Columns, rows, ct);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseIso(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Where a version came from: the pay-relevant fields it changed (comma list, <c>new</c> for a person's first; null for
/// none), and, for a change that needed a second HR clerk, who approved it, when, and which pending change it was.
/// </summary>
internal sealed record VersionProvenance(string? PayFields, string? ApprovedBy = null, long? ApprovedAt = null, long? PendingChangeId = null);
