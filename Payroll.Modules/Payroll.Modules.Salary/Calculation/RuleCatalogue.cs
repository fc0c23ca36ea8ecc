using Payroll.Modules.Salary.Tables;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>
/// Every rule the calculators apply, for the rules page: the line it produces, the law it follows, the method that
/// applies it and the table kinds it reads. Kept beside the calculators; docs/pay-rules.md says the same in prose.
/// </summary>
internal static class RuleCatalogue
{
    public static readonly IReadOnlyList<(string Line, string Rule, string Code, string[] Kinds)> Rules =
    [
        ("本俸（BASE）", "公務人員俸給法 §4：俸點折算俸額（俸額表）；約聘僱與技工工友：薪點 × 折合率", Of(nameof(PayCalculator.MonthlyEarnings)), [TableKinds.SalaryPoints, TableKinds.PayPointValue]),
        ("專業、主管職務、地域加給", "公務人員俸給法 §18：各加給表，依表別與級別", Of(nameof(PayCalculator.MonthlyEarnings)),
            [TableKinds.ProfessionalAllowance, TableKinds.SupervisorAllowance, TableKinds.AreaAllowance]),
        ("未滿全月", "按在職日數比例計支（日曆日或 30 日，依比例規則表）", Of(nameof(PayCalculator.Calculate)), [TableKinds.Proration]),
        ("公保（INS）", "公教人員保險法 §8、§9：本俸 × 費率 × 自付 35%，四捨五入", Of(nameof(PayCalculator.Calculate)), [TableKinds.Insurance]),
        ("勞保、就保（LI、EI；雇主 ER:LI、ER:EI）", "勞工保險條例 §13、§15；就業保險法 §40：投保薪資分級表之級距 × 費率 × 負擔比例，各自四捨五入；未滿全月按日數 / 30",
            Of(nameof(PayCalculator.AddLabourInsurance)), [TableKinds.LabourInsurance]),
        ("勞退（雇主 ER:LP；自提 LPV）", "勞工退休金條例 §14：雇主按月提繳工資提繳 6%；勞工自願提繳至多 6%，不計入當年度薪資所得",
            Of(nameof(PayCalculator.AddLabourPension)), [TableKinds.LabourPension]),
        ("離職儲金（SF；政府 ER:SF）", "約聘僱人員離職儲金：本人與政府各按月支報酬之比率提存", Of(nameof(PayCalculator.Calculate)), [TableKinds.SeveranceFund]),
        ("健保（NHI）", "全民健康保險法 §18、§27：投保金額 × 費率 × 自付 30%，每人四捨五入 × (1 + 眷口，最多 3 口)", Of(nameof(PayCalculator.Calculate)), [TableKinds.Nhi]),
        ("退撫（PENSION）", "公務人員退休資遣撫卹法 §7：本俸 × 2 × 提撥率 × 自繳 35%", Of(nameof(PayCalculator.Calculate)), [TableKinds.Pension]),
        ("所得稅（TAX）", "所得稅法 §88；各類所得扣繳率標準 §2、§3、§13：薪資所得扣繳稅額表（依發放日之表）、5% 擇一、非居住者扣繳率、2,000 元以下免扣",
            Of(nameof(PayCalculator.IncomeTax)), [TableKinds.WithholdingGrid, TableKinds.Withholding]),
        ("法院扣押（GARN）", "強制執行法 §115-1、§122：至多應領扣除法定扣款後之 1/3，並保留最低生活費 1.2 倍", Of(nameof(PayCalculator.AddGarnishments)), [TableKinds.Garnishment]),
        ("年終工作獎金（YEB）", "軍公教人員年終工作獎金發給注意事項：1 月 31 日前在職且 12 月 1 日仍在職 1.5 個月；其後到職按月數；年度中退休、資遣、死亡按在職月數；考績丙等以下、懲戒記過以上、平時考核淨一大過不發",
            $"{nameof(BonusCalculator)}.{nameof(BonusCalculator.YearEndMonthsServed)}, {nameof(BonusCalculator.YearEndExclusion)}", [TableKinds.Bonus]),
        ("考績獎金（PFB）", "公務人員考績法 §7：甲等一個月、乙等半個月俸給總額", $"{nameof(BonusCalculator)}.{nameof(BonusCalculator.Calculate)}", [TableKinds.Bonus]),
        ("獎金扣繳與補充保費（TAX、SUPP）", "各類所得扣繳率標準 §2：獎金達起扣額按 5%；全民健康保險法 §31：全年獎金超過投保金額 4 倍部分 × 2.11%（依發放日之年度）",
            $"{nameof(BonusCalculator)}.{nameof(BonusCalculator.Calculate)}", [TableKinds.Withholding, TableKinds.SupplementaryPremium, TableKinds.Nhi]),
    ];

    private static string Of(string method) => $"{nameof(PayCalculator)}.{method}";
}
