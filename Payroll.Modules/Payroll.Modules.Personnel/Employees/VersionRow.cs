using System.Globalization;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// One version of a person as stored, joined with the employee number and unit code. The one read model for the
/// payroll query, changes and imports.
/// </summary>
internal sealed record VersionRow
{
    /// <summary>Select list over <c>personnel_employee_version v</c>, <c>personnel_employee e</c>, <c>personnel_unit u</c>.</summary>
    public const string Columns = $"""
        v.employee_id AS {nameof(EmployeeId)}, e.employee_no AS {nameof(EmployeeNo)}, u.code AS {nameof(UnitCode)}, v.effective_from AS {nameof(EffectiveFrom)},
        v.name AS {nameof(Name)}, v.romanised_name AS {nameof(RomanisedName)}, v.national_id AS {nameof(NationalId)}, v.national_id_index AS {nameof(NationalIdIndex)},
        v.birth_date AS {nameof(BirthDate)}, v.staff_category AS {nameof(Category)}, v.rank AS {nameof(Rank)}, v.grade AS {nameof(Grade)},
        v.salary_points AS {nameof(SalaryPoints)}, v.professional_allowance_table AS {nameof(ProfessionalAllowanceTable)},
        v.professional_allowance_level AS {nameof(ProfessionalAllowanceLevel)}, v.supervisor_allowance_level AS {nameof(SupervisorAllowanceLevel)},
        v.area_allowance AS {nameof(AreaAllowance)}, v.nhi_dependents AS {nameof(NhiDependents)}, v.insurance_group AS {nameof(InsuranceGroup)},
        v.pension_scheme AS {nameof(Pension)}, v.withholding_method AS {nameof(Withholding)}, v.tax_dependents AS {nameof(TaxDependents)},
        v.tax_resident AS {nameof(TaxResident)}, v.bank_code AS {nameof(BankCode)}, v.branch_code AS {nameof(BranchCode)}, v.bank_account AS {nameof(BankAccount)},
        v.bank_account_index AS {nameof(BankAccountIndex)}, v.email AS {nameof(Email)}, v.mobile AS {nameof(Mobile)}, v.address AS {nameof(Address)},
        v.status AS {nameof(Status)}, v.status_date AS {nameof(StatusDate)}
        """;

    /// <summary>A person's latest version (by effective date, then as recorded), by <c>@no</c>.</summary>
    public const string LatestByNumberSql = $"""
        SELECT {Columns}
        FROM personnel_employee_version v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE e.employee_no = @no
        ORDER BY v.effective_from DESC, v.id DESC
        LIMIT 1
        """;

    /// <summary>The latest version of each person in the id set (<c>@ids</c>, through <see cref="SqlDialect.WithIdSet"/>).</summary>
    public const string LatestOfIdsSql = $"""
        WITH ranked AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
            WHERE v.employee_id IN {SqlDialect.IdSetMarker}
        )
        SELECT {Columns}
        FROM ranked v JOIN personnel_employee e ON e.id = v.employee_id JOIN personnel_unit u ON u.id = v.unit_id
        WHERE v.rn = 1
        """;

    public long EmployeeId { get; init; }

    public string EmployeeNo { get; init; } = "";

    public string UnitCode { get; init; } = "";

    public string EffectiveFrom { get; init; } = "";

    public byte[] Name { get; init; } = [];

    public byte[]? RomanisedName { get; init; }

    public byte[] NationalId { get; init; } = [];

    public string NationalIdIndex { get; init; } = "";

    public byte[] BirthDate { get; init; } = [];

    public string Category { get; init; } = "";

    public string? Rank { get; init; }

    public int? Grade { get; init; }

    public int? SalaryPoints { get; init; }

    public string? ProfessionalAllowanceTable { get; init; }

    public int? ProfessionalAllowanceLevel { get; init; }

    public int? SupervisorAllowanceLevel { get; init; }

    public string? AreaAllowance { get; init; }

    public int NhiDependents { get; init; }

    public string InsuranceGroup { get; init; } = "";

    public string Pension { get; init; } = "";

    public string Withholding { get; init; } = "";

    public int TaxDependents { get; init; }

    public bool TaxResident { get; init; }

    public string BankCode { get; init; } = "";

    public string BranchCode { get; init; } = "";

    public byte[] BankAccount { get; init; } = [];

    public string BankAccountIndex { get; init; } = "";

    public byte[]? Email { get; init; }

    public byte[]? Mobile { get; init; }

    public byte[]? Address { get; init; }

    public string Status { get; init; } = "";

    public string StatusDate { get; init; } = "";

    /// <summary>Only where the query asks for it (a year-end bonus run).</summary>
    public string? InServiceSince { get; init; }

    /// <summary>The version as input again, identifiers decrypted (for a change, or to compare with an imported row).</summary>
    public EmployeeInput ToInput(FieldCipher cipher)
    {
        var rowId = EmployeeId.ToString(CultureInfo.InvariantCulture);
        string? Clear(byte[]? value, string column) => value is null ? null : cipher.DecryptString(value, EmployeeVersions.Table, column, rowId);
        return new EmployeeInput(
            EmployeeNo, UnitCode, Clear(Name, "name")!, Clear(RomanisedName, "romanised_name"), Clear(NationalId, "national_id")!,
            EmployeeVersions.ParseIso(Clear(BirthDate, "birth_date")!), Enum.Parse<StaffCategory>(Category),
            Rank, Grade, SalaryPoints, ProfessionalAllowanceTable, ProfessionalAllowanceLevel, SupervisorAllowanceLevel, AreaAllowance, NhiDependents,
            InsuranceGroup, Enum.Parse<PensionScheme>(Pension), Enum.Parse<WithholdingMethod>(Withholding), TaxDependents, TaxResident, BankCode, BranchCode,
            Clear(BankAccount, "bank_account")!, Clear(Email, "email"), Clear(Mobile, "mobile"), Clear(Address, "address"),
            Enum.Parse<EmploymentStatus>(Status), EmployeeVersions.ParseIso(StatusDate));
    }

    /// <summary>The pay-relevant fields that differ from <paramref name="before"/>, by their contract names.</summary>
    public IEnumerable<string> DifferingFields(VersionRow before)
    {
        (string Name, object? Now, object? Then)[] fields =
        [
            (nameof(PayrollEmployee.UnitCode), UnitCode, before.UnitCode),
            (nameof(PayrollEmployee.Category), Category, before.Category),
            (nameof(PayrollEmployee.Rank), Rank, before.Rank),
            (nameof(PayrollEmployee.Grade), Grade, before.Grade),
            (nameof(PayrollEmployee.SalaryPoints), SalaryPoints, before.SalaryPoints),
            (nameof(PayrollEmployee.ProfessionalAllowanceTable), ProfessionalAllowanceTable, before.ProfessionalAllowanceTable),
            (nameof(PayrollEmployee.ProfessionalAllowanceLevel), ProfessionalAllowanceLevel, before.ProfessionalAllowanceLevel),
            (nameof(PayrollEmployee.SupervisorAllowanceLevel), SupervisorAllowanceLevel, before.SupervisorAllowanceLevel),
            (nameof(PayrollEmployee.AreaAllowance), AreaAllowance, before.AreaAllowance),
            (nameof(PayrollEmployee.NhiDependents), NhiDependents, before.NhiDependents),
            (nameof(PayrollEmployee.InsuranceGroup), InsuranceGroup, before.InsuranceGroup),
            (nameof(PayrollEmployee.Pension), Pension, before.Pension),
            (nameof(PayrollEmployee.Withholding), Withholding, before.Withholding),
            (nameof(PayrollEmployee.TaxDependents), TaxDependents, before.TaxDependents),
            (nameof(PayrollEmployee.TaxResident), TaxResident, before.TaxResident),
            ("BankAccount", (BankCode, BranchCode, BankAccountIndex), (before.BankCode, before.BranchCode, before.BankAccountIndex)),
            (nameof(PayrollEmployee.Status), Status, before.Status),
        ];
        return fields.Where(f => !Equals(f.Now, f.Then)).Select(f => f.Name);
    }
}
