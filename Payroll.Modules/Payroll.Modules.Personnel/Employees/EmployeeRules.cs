using System.Text.RegularExpressions;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Identity;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>What makes a person's record acceptable; every problem is named with its field (and row, in a file).</summary>
internal static partial class EmployeeRules
{
    public static IEnumerable<InputError> Validate(EmployeeInput e, ReferenceData reference, int? row = null)
    {
        InputError Error(string field, string message) => new(row, field, message);

        if (string.IsNullOrWhiteSpace(e.EmployeeNo) || !Patterns.Code().IsMatch(e.EmployeeNo))
        {
            yield return Error("員工編號", "須為 1-20 碼英數字");
        }

        if (!reference.Units.ContainsKey(e.UnitCode ?? ""))
        {
            yield return Error("發薪單位", $"查無單位代碼「{e.UnitCode}」");
        }

        if (string.IsNullOrWhiteSpace(e.Name) || e.Name.Length > 50)
        {
            yield return Error("姓名", "必填，且不超過 50 字");
        }

        if (NationalId.Check(e.NationalId, out _) is { } idProblem)
        {
            yield return Error("身分證號", idProblem);
        }

        if (e.BirthDate.Year < 1900 || e.BirthDate > e.StatusDate)
        {
            yield return Error("出生日期", "不合理的日期");
        }

        if (e.Grade is < 1 or > 14)
        {
            yield return Error("職等", "須為 1 至 14");
        }

        if (e.SalaryPoints is < 1 or > 1000)
        {
            yield return Error("俸點", "須為 1 至 1000");
        }

        if (e.Category == StaffCategory.CivilServant && (e.Grade is null || e.SalaryPoints is null))
        {
            yield return Error("俸點", "公務人員須有職等與俸點");
        }

        if (e.NhiDependents is < 0 or > 20)
        {
            yield return Error("健保眷屬人數", "須為 0 至 20");
        }

        if (e.TaxDependents is < 0 or > 20)
        {
            yield return Error("扶養人數", "須為 0 至 20");
        }

        if (string.IsNullOrWhiteSpace(e.InsuranceGroup))
        {
            yield return Error("保險類別", "必填");
        }

        if (!reference.Banks.Contains(e.BankCode ?? ""))
        {
            yield return Error("銀行代碼", $"查無銀行代碼「{e.BankCode}」");
        }
        else if (!Patterns.Branch().IsMatch(e.BranchCode ?? "")
                 || (reference.Branches[e.BankCode!].Any() && !reference.Branches[e.BankCode!].Contains(e.BranchCode!)))
        {
            yield return Error("分行代碼", $"銀行 {e.BankCode} 查無分行代碼「{e.BranchCode}」");
        }

        if (!Patterns.Account().IsMatch(e.BankAccount ?? ""))
        {
            yield return Error("帳號", "須為 10 至 16 位數字");
        }

        if (e.Email is { Length: > 0 } email && !Email().IsMatch(email))
        {
            yield return Error("電子郵件", "格式不正確");
        }

        if (e.Mobile is { Length: > 0 } mobile && !Mobile().IsMatch(mobile))
        {
            yield return Error("手機", "須為 09 開頭的 10 位數字");
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^09[0-9]{8}$")]
    private static partial Regex Mobile();
}
