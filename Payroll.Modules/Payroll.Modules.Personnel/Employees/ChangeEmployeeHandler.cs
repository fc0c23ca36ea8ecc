using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Takes the person's latest version, applies the changes, and saves it as a new version (through <see cref="SaveEmployee"/>).</summary>
internal sealed class ChangeEmployeeHandler(IDbConnectionFactory db, FieldCipher cipher, ISender sender) : IRequestHandler<ChangeEmployee, long>
{
    private const string LatestSql = $"""
        SELECT v.employee_id AS {nameof(Latest.EmployeeId)}, u.code AS {nameof(Latest.UnitCode)}, v.name AS {nameof(Latest.Name)},
               v.romanised_name AS {nameof(Latest.RomanisedName)}, v.national_id AS {nameof(Latest.NationalId)}, v.birth_date AS {nameof(Latest.BirthDate)},
               v.staff_category AS {nameof(Latest.Category)}, v.rank AS {nameof(Latest.Rank)}, v.grade AS {nameof(Latest.Grade)}, v.salary_points AS {nameof(Latest.SalaryPoints)},
               v.professional_allowance_table AS {nameof(Latest.ProfessionalAllowanceTable)}, v.professional_allowance_level AS {nameof(Latest.ProfessionalAllowanceLevel)},
               v.supervisor_allowance_level AS {nameof(Latest.SupervisorAllowanceLevel)}, v.area_allowance AS {nameof(Latest.AreaAllowance)},
               v.nhi_dependents AS {nameof(Latest.NhiDependents)}, v.insurance_group AS {nameof(Latest.InsuranceGroup)}, v.pension_scheme AS {nameof(Latest.Pension)},
               v.withholding_method AS {nameof(Latest.Withholding)}, v.tax_dependents AS {nameof(Latest.TaxDependents)}, v.tax_resident AS {nameof(Latest.TaxResident)},
               v.bank_code AS {nameof(Latest.BankCode)}, v.branch_code AS {nameof(Latest.BranchCode)}, v.bank_account AS {nameof(Latest.BankAccount)},
               v.email AS {nameof(Latest.Email)}, v.mobile AS {nameof(Latest.Mobile)}, v.address AS {nameof(Latest.Address)},
               v.status AS {nameof(Latest.Status)}, v.status_date AS {nameof(Latest.StatusDate)}
        FROM personnel_employee_version v
        JOIN personnel_employee e ON e.id = v.employee_id
        JOIN personnel_unit u ON u.id = v.unit_id
        WHERE e.employee_no = @no
        ORDER BY v.effective_from DESC, v.id DESC
        LIMIT 1
        """;

    public async ValueTask<long> Handle(ChangeEmployee request, CancellationToken cancellationToken)
    {
        Latest? latest;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            latest = await c.QuerySingleOrDefaultAsync<Latest>(new CommandDefinition(LatestSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken));
        }

        if (latest is null)
        {
            throw new InvalidInputException([new InputError(null, "員工編號", $"查無員工編號「{request.EmployeeNo}」")]);
        }

        var rowId = latest.EmployeeId.ToString(CultureInfo.InvariantCulture);
        string? Clear(byte[]? value, string column) => value is null ? null : cipher.DecryptString(value, EmployeeVersions.Table, column, rowId);
        var x = request.Changes;
        var merged = new EmployeeInput(
            request.EmployeeNo, x.UnitCode ?? latest.UnitCode, latest.Name, latest.RomanisedName, Clear(latest.NationalId, "national_id")!,
            EmployeeVersions.ParseIso(latest.BirthDate), Enum.Parse<StaffCategory>(latest.Category), x.Rank ?? latest.Rank, x.Grade ?? latest.Grade,
            x.SalaryPoints ?? latest.SalaryPoints, latest.ProfessionalAllowanceTable, latest.ProfessionalAllowanceLevel,
            x.SupervisorAllowanceLevel ?? latest.SupervisorAllowanceLevel, latest.AreaAllowance, x.NhiDependents ?? latest.NhiDependents, latest.InsuranceGroup,
            Enum.Parse<PensionScheme>(latest.Pension), x.Withholding ?? Enum.Parse<WithholdingMethod>(latest.Withholding), x.TaxDependents ?? latest.TaxDependents,
            latest.TaxResident, x.BankCode ?? latest.BankCode, x.BranchCode ?? latest.BranchCode, x.BankAccount ?? Clear(latest.BankAccount, "bank_account")!,
            x.Email ?? Clear(latest.Email, "email"), x.Mobile ?? Clear(latest.Mobile, "mobile"), x.Address ?? Clear(latest.Address, "address"),
            x.Status ?? Enum.Parse<EmploymentStatus>(latest.Status), x.StatusDate ?? EmployeeVersions.ParseIso(latest.StatusDate));
        return await sender.Send(new SaveEmployee(merged, request.EffectiveFrom, request.Reason, request.Actor), cancellationToken);
    }

    private sealed record Latest
    {
        public long EmployeeId { get; init; }

        public string UnitCode { get; init; } = "";

        public string Name { get; init; } = "";

        public string? RomanisedName { get; init; }

        public byte[] NationalId { get; init; } = [];

        public string BirthDate { get; init; } = "";

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

        public byte[]? Email { get; init; }

        public byte[]? Mobile { get; init; }

        public byte[]? Address { get; init; }

        public string Status { get; init; } = "";

        public string StatusDate { get; init; } = "";
    }
}
