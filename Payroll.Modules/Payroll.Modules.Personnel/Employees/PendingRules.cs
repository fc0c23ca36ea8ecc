using System.Globalization;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Which changes need a second HR clerk, and which fields of a change matter to pay. The one place both are decided,
/// for a single save, a change and an import.
/// </summary>
internal static class PendingRules
{
    public const string New = "new";
    public const string Backdated = "backdated";
    public const string Reinstated = "reinstated";

    /// <summary>The field name under which a change of bank, branch or account number is listed.</summary>
    public const string BankAccount = "BankAccount";

    private static readonly EmploymentStatus[] Paid = [EmploymentStatus.Active, EmploymentStatus.Suspended];

    /// <summary>
    /// Why this change waits for a second clerk (empty: it applies at once): a new person; a change to what moves money
    /// (bank account, staff category, grade, salary points, allowances); a return to a paid status; a date before today.
    /// </summary>
    public static List<string> Why(EmployeeInput? before, EmployeeInput after, DateOnly effectiveFrom, DateOnly today)
    {
        var why = new List<string>();
        if (before is null)
        {
            why.Add(New);
        }
        else
        {
            why.AddRange(Differing(before, after).Where(MovesMoney));
            if (!Paid.Contains(before.Status) && Paid.Contains(after.Status))
            {
                why.Add(Reinstated);
            }
        }

        if (effectiveFrom < today && (before is null || Normalise(before) != Normalise(after)))
        {
            why.Add(Backdated);
        }

        return why;
    }

    /// <summary>The pay-relevant fields that differ (by their contract names), <c>new</c> for a first version; null when none.</summary>
    public static string? PayFields(EmployeeInput? before, EmployeeInput after)
    {
        if (before is null)
        {
            return New;
        }

        var fields = Differing(before, after).Where(f => f is not (nameof(EmployeeInput.Name) or nameof(EmployeeInput.RomanisedName) or nameof(EmployeeInput.NationalId)
            or nameof(EmployeeInput.BirthDate) or nameof(EmployeeInput.Email) or nameof(EmployeeInput.Mobile) or nameof(EmployeeInput.Address))).ToList();
        return fields.Count == 0 ? null : string.Join(',', fields);
    }

    /// <summary>The fields that differ, in clear, by their contract names (bank code, branch and account as one).</summary>
    public static IEnumerable<string> Differing(EmployeeInput before, EmployeeInput after) =>
        Fields(Normalise(before)).Zip(Fields(Normalise(after))).Where(p => p.First.Clear != p.Second.Clear).Select(p => p.First.Name);

    /// <summary>Every field as a clear value to compare and a masked one to show.</summary>
    public static IEnumerable<(string Name, string? Clear, string? Shown)> Fields(EmployeeInput e)
    {
        string? Text<T>(T value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        (string, string?, string?) Plain<T>(string name, T value) => (name, Text(value), Text(value));
        yield return Plain(nameof(e.UnitCode), e.UnitCode);
        yield return Plain(nameof(e.Name), e.Name);
        yield return Plain(nameof(e.RomanisedName), e.RomanisedName);
        yield return (nameof(e.NationalId), e.NationalId, Masking.NationalId(e.NationalId));
        yield return (nameof(e.BirthDate), EmployeeVersions.Iso(e.BirthDate), "****");
        yield return Plain(nameof(e.Category), e.Category);
        yield return Plain(nameof(e.Rank), e.Rank);
        yield return Plain(nameof(e.Grade), e.Grade);
        yield return Plain(nameof(e.SalaryPoints), e.SalaryPoints);
        yield return Plain(nameof(e.ProfessionalAllowanceTable), e.ProfessionalAllowanceTable);
        yield return Plain(nameof(e.ProfessionalAllowanceLevel), e.ProfessionalAllowanceLevel);
        yield return Plain(nameof(e.SupervisorAllowanceLevel), e.SupervisorAllowanceLevel);
        yield return Plain(nameof(e.AreaAllowance), e.AreaAllowance);
        yield return Plain(nameof(e.NhiDependents), e.NhiDependents);
        yield return Plain(nameof(e.InsuranceGroup), e.InsuranceGroup);
        yield return Plain(nameof(e.Pension), e.Pension);
        yield return Plain(nameof(e.Withholding), e.Withholding);
        yield return Plain(nameof(e.TaxDependents), e.TaxDependents);
        yield return Plain(nameof(e.TaxResident), e.TaxResident);
        yield return (BankAccount, $"{e.BankCode}-{e.BranchCode}-{e.BankAccount}", $"{e.BankCode}-{e.BranchCode} {Masking.Account(e.BankAccount)}");
        yield return (nameof(e.Email), e.Email, Masking.Email(e.Email));
        yield return (nameof(e.Mobile), e.Mobile, Masking.Phone(e.Mobile));
        yield return (nameof(e.Address), e.Address, Masking.Address(e.Address));
        yield return Plain(nameof(e.Status), e.Status);
        yield return (nameof(e.StatusDate), EmployeeVersions.Iso(e.StatusDate), EmployeeVersions.Iso(e.StatusDate));
    }

    /// <summary>The record as it is stored: text trimmed, blanks as null, the national ID in its normal form.</summary>
    public static EmployeeInput Normalise(EmployeeInput e) => e with
    {
        Name = e.Name.Trim(),
        RomanisedName = Blank(e.RomanisedName),
        NationalId = Kernel.Identity.NationalId.Normalise(e.NationalId),
        BankAccount = e.BankAccount.Trim(),
        Email = Blank(e.Email),
        Mobile = Blank(e.Mobile),
        Address = Blank(e.Address),
    };

    private static bool MovesMoney(string field) => field is nameof(EmployeeInput.Category) or nameof(EmployeeInput.Grade) or nameof(EmployeeInput.SalaryPoints)
        or nameof(EmployeeInput.ProfessionalAllowanceTable) or nameof(EmployeeInput.ProfessionalAllowanceLevel) or nameof(EmployeeInput.SupervisorAllowanceLevel)
        or nameof(EmployeeInput.AreaAllowance) or BankAccount;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
