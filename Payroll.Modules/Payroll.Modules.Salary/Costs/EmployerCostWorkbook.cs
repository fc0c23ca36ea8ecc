using System.Globalization;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Documents;

namespace Payroll.Modules.Salary.Costs;

/// <summary>
/// The cost workbook: 單位彙總 (each unit under its budget code, a subtotal per budget code, the total), 個人明細 (each
/// person's salaries and the employer's shares) and 補充保費計算 (the §34 computation per unit), streamed.
/// </summary>
internal static class EmployerCostWorkbook
{
    private static readonly string[] Schemes = ["公保", "健保", "退撫", "勞保", "就保", "勞退", "離職儲金"];

    private static readonly string[] UnitHeadings = ["預算科目", "單位代碼", "單位名稱", "人數", "薪資總額", .. Schemes, "補充保費（§34）", "機關負擔合計"];

    private static readonly string[] PersonHeadings = ["預算科目", "單位代碼", "員工編號", "姓名", "薪資", .. Schemes, "合計"];

    private static readonly string[] PremiumHeadings = ["單位代碼", "單位名稱", "當月支付薪資所得總額", "當月投保金額總額", "差額", "費率", "補充保費"];

    public static byte[] Write(EmployerCostData data, string title, string footer)
    {
        var units = data.Units.Select(u => u.Unit).ToList();
        return StreamingWorkbook.Write(
        [
            new StreamingSheet("單位彙總", UnitLines(data, title), UnitHeadings.Select((_, i) => i is 0 or 2 ? 22d : 12d).ToList(), Head(data), footer),
            new StreamingSheet("個人明細", PersonLines(data, title), PersonHeadings.Select((_, i) => i is 0 ? 22d : i is 3 ? 14d : 11d).ToList(), Head(data), footer),
            new StreamingSheet("補充保費計算", PremiumLines(data, title, units), PremiumHeadings.Select((_, i) => i is 1 ? 26d : 16d).ToList(), Head(data), footer),
        ]);
    }

    /// <summary>Rows above the headings: the title, the trial mark if any, then the headings themselves (frozen).</summary>
    private static int Head(EmployerCostData data) => data.Trial ? 3 : 2;

    private static IEnumerable<SheetLine> Top(EmployerCostData data, string title, string[] headings)
    {
        yield return new SheetLine(true, [title]);
        if (data.Trial)
        {
            yield return new SheetLine(true, ["【" + PayrollRunSummary.TrialMark + "】"]);
        }

        yield return new SheetLine(true, headings);
    }

    private static object?[] Figures(EmployerShares s) => [s.PublicInsurance, s.Nhi, s.Pension, s.LabourInsurance, s.EmploymentInsurance, s.LabourPension, s.SeveranceFund];

    private static IEnumerable<SheetLine> UnitLines(EmployerCostData data, string title)
    {
        foreach (var line in Top(data, title, UnitHeadings))
        {
            yield return line;
        }

        foreach (var budget in data.Units.Select(u => u.Unit).GroupBy(u => u.BudgetCode ?? "（未設定預算科目）"))
        {
            foreach (var u in budget)
            {
                yield return new SheetLine(false, [budget.Key, u.UnitCode, u.UnitName, u.People, u.Salaries, .. Figures(u.Shares), u.SupplementaryPremium, u.Total]);
            }

            yield return Sum(budget.Key + " 小計", [.. budget]);
        }

        yield return new SheetLine(false, []);
        yield return Sum("總計", [.. data.Units.Select(u => u.Unit)]);
        foreach (var note in data.Notes)
        {
            yield return new SheetLine(false, ["註：" + note]);
        }
    }

    private static SheetLine Sum(string label, List<UnitEmployerCosts> units)
    {
        var shares = units.Aggregate(EmployerShareSums.None, (s, u) => EmployerShareSums.Plus(s, u.Shares));
        return new SheetLine(true, [label, null, null, units.Sum(u => u.People), units.Sum(u => u.Salaries), .. Figures(shares), units.Sum(u => u.SupplementaryPremium), units.Sum(u => u.Total)]);
    }

    private static IEnumerable<SheetLine> PersonLines(EmployerCostData data, string title)
    {
        foreach (var line in Top(data, title, PersonHeadings))
        {
            yield return line;
        }

        foreach (var (unit, people) in data.Units)
        {
            foreach (var p in people)
            {
                yield return new SheetLine(false, [unit.BudgetCode ?? "", unit.UnitCode, p.EmployeeNo, p.Name, p.Salaries, .. Figures(p.Shares), p.Shares.Total]);
            }
        }
    }

    private static IEnumerable<SheetLine> PremiumLines(EmployerCostData data, string title, List<UnitEmployerCosts> units)
    {
        foreach (var line in Top(data, title, PremiumHeadings))
        {
            yield return line;
        }

        var rate = data.SupplementaryRate.ToString("0.####%", CultureInfo.InvariantCulture);
        foreach (var u in units)
        {
            yield return new SheetLine(false, [u.UnitCode, u.UnitName, u.Salaries, u.NhiInsured, Math.Max(0, u.Salaries - u.NhiInsured), rate, u.SupplementaryPremium]);
        }

        yield return new SheetLine(true, ["總計", null, units.Sum(u => u.Salaries), units.Sum(u => u.NhiInsured), null, null, units.Sum(u => u.SupplementaryPremium)]);
        yield return new SheetLine(false, []);
        yield return new SheetLine(false, [$"全民健康保險法 §34：投保單位每月支付之薪資所得總額逾其受僱者當月投保金額總額時，按其差額及 §33 之費率計算應負擔之補充保險費（元以下四捨五入）。費率依 {data.SupplementaryRef}。"]);
    }
}
