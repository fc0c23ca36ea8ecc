using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Rules;

/// <summary>
/// The deadlines an incident's rule set imposes, from the moment of awareness (DOMAIN.md §5):
/// <list type="bullet">
/// <item>資通安全管理法 and its incident rules: report within 1 hour of awareness; contain or recover within 72 hours
/// (levels 1–2) or 36 hours (levels 3–4); the investigation report within one month.</item>
/// <item>個人資料保護法 art. 12 and Enforcement Rules art. 22 (in force): notify each person after investigating, promptly
/// — no fixed hours.</item>
/// <item>The 2025 amendment with its 2026 draft rules: notify the people within 72 hours of awareness; report to the
/// regulator (PDPC) within 72 hours when the data is sensitive, 100 or more people are affected, or the system holds
/// 10,000 or more records; keep the incident record at least 5 years.</item>
/// </list>
/// </summary>
internal static class Deadlines
{
    public const int RegulatorPeopleThreshold = 100;
    public const long RegulatorSystemRecordsThreshold = 10_000;

    public static IReadOnlyList<IncidentDeadline> For(IncidentInput i, int? affected, DateTimeOffset? noticesDoneAt, DateTimeOffset? reportedAt)
    {
        var aware = i.AwareAt;
        var list = new List<IncidentDeadline>
        {
            new("cyber-report", "資安事件通報", aware.AddHours(1), "資通安全管理法第 14 條；資通安全事件通報及應變辦法：知悉後 1 小時內通報", true, reportedAt),
            new("containment", "損害控制或復原", aware.AddHours(i.Level >= 3 ? 36 : 72),
                $"資通安全事件通報及應變辦法：第 {i.Level} 級事件 {(i.Level >= 3 ? "36" : "72")} 小時內完成損害控制或復原", true, i.ContainedAt),
            new("investigation-report", "調查、處理及改善報告", aware.AddMonths(1), "資通安全事件通報及應變辦法：一個月內送交調查、處理及改善報告", true, null),
        };

        if (i.RuleSet == BreachRuleSet.Pdpa)
        {
            list.Add(new("notice", "通知當事人", null, "個人資料保護法第 12 條、施行細則第 22 條：查明後以適當方式通知（內容含事實及已採取之因應措施）", true, noticesDoneAt));
        }
        else
        {
            var thresholds = i.SensitiveData || affected >= RegulatorPeopleThreshold || i.SystemRecords >= RegulatorSystemRecordsThreshold;
            list.Add(new("notice", "通知當事人", aware.AddHours(72), "個人資料保護法（2025 年修正）及其草案子法：知悉後 72 小時內通知當事人", true, noticesDoneAt));
            list.Add(new("regulator-report", "通報個人資料保護委員會", aware.AddHours(72),
                $"個人資料保護法（2025 年修正）草案子法：特種個資、{RegulatorPeopleThreshold} 人以上或系統達 {RegulatorSystemRecordsThreshold:N0} 筆時，72 小時內通報", thresholds, null));
            list.Add(new("records", "事件紀錄保存", aware.AddYears(5), "個人資料保護法（2025 年修正）草案子法：事件紀錄至少保存 5 年", true, null));
        }

        return list;
    }
}
