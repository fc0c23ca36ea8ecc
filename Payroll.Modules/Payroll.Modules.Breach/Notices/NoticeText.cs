using System.Globalization;
using System.Text;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Breach.Notices;

/// <summary>The shipped templates, the statutory texts, and filling a template for one person (or for the public).</summary>
internal static class NoticeText
{
    /// <summary>Rights of the person: damages under art. 28 and the limitation periods of art. 30 (個人資料保護法).</summary>
    public const string Rights =
        "依個人資料保護法第 28 條，公務機關違反本法致個人資料遭不法洩漏者，負損害賠償責任；被害人不易或不能證明其實際損害額時，" +
        "得請求法院依侵害情節，以每人每一事件新臺幣五百元以上二萬元以下計算。依同法第 30 條，損害賠償請求權，自請求權人知有損害及" +
        "賠償義務人時起，因二年間不行使而消滅；自損害發生時起，逾五年者，亦同。";

    public static readonly IReadOnlyDictionary<string, string> CategoryNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "姓名",
        ["national-id"] = "身分證統一編號",
        ["national-id-masked"] = "身分證統一編號（部分遮蔽）",
        ["salary"] = "薪資",
        ["payslip"] = "薪資單明細",
        ["bank-account"] = "銀行帳號",
        ["bank-account-masked"] = "銀行帳號（部分遮蔽）",
        ["contact"] = "聯絡方式",
        ["contact-masked"] = "聯絡方式（部分遮蔽）",
        ["address"] = "地址",
        ["employment"] = "任職資料（單位、職稱、到職日等）",
        ["breach-affected"] = "事故受影響名單",
    };

    public static readonly IReadOnlyList<NoticeTemplate> Shipped =
    [
        new(NoticeChannel.Email, "【個人資料外洩事故通知】{incident}", Personal("{name} 您好：")),
        new(NoticeChannel.Letter, "個人資料外洩事故通知書：{incident}", Personal("{name} 君 台鑒：")),
        new(NoticeChannel.Public, "個人資料外洩事故公告：{incident}", """
            本機關發生個人資料外洩事故，依個人資料保護法第 12 條及其施行細則第 22 條公告如下。

            一、事故事實：{facts}
                發生期間：{occurred}
            二、涉及之個人資料類別：{categories}
            三、本機關已採取之因應措施：
            {measures}
            四、當事人之權利：{rights}
            五、聯絡窗口：{contact}

            受影響之同仁將另以電子郵件或書面個別通知；如未收到，請洽聯絡窗口。本公告不含任何個人資料。
            """),
    ];

    private static string Personal(string greeting) => greeting + """


        本機關發生個人資料外洩事故，依個人資料保護法第 12 條及其施行細則第 22 條通知您。

        一、事故事實：{facts}
            發生期間：{occurred}
        二、您被外洩之個人資料類別：{categories}
        三、本機關已採取之因應措施：
        {measures}
        四、您的權利：{rights}
        五、聯絡窗口：{contact}

        本通知僅寄給您本人，內容只含您本人的資料。
        """;

    /// <summary>Placeholders a channel's template must carry for the notice to say what the law requires.</summary>
    public static IEnumerable<string> Required(NoticeChannel channel) =>
        channel == NoticeChannel.Public ? ["{facts}", "{measures}", "{contact}"] : ["{facts}", "{measures}", "{contact}", "{categories}", "{rights}"];

    public static string Categories(IEnumerable<string> codes) => string.Join("、", codes.Select(c => CategoryNames.GetValueOrDefault(c, c)));

    public static string Taipei(DateTimeOffset at) => RocDate.InTaipei(at).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Fills a template: <paramref name="name"/> and <paramref name="categories"/> are the recipient's own (for the public notice, no one's).</summary>
    public static (string Subject, string Body) Fill(NoticeTemplate template, IncidentDetail incident, string? name, IEnumerable<string> categories)
    {
        var i = incident.Input;
        var measures = new StringBuilder();
        foreach (var m in incident.Measures)
        {
            measures.Append("    ・").Append(Taipei(m.TakenAt)).Append(' ').AppendLine(m.Text);
        }

        var contact = string.Join("，", new[] { i.ContactOffice, i.ContactPhone is { Length: > 0 } p ? "電話 " + p : null, i.ContactEmail is { Length: > 0 } e ? "電子郵件 " + e : null }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var occurred = i.OccurredFrom is { } from ? $"{Taipei(from)} 至 {(i.OccurredTo is { } to ? Taipei(to) : "調查中")}" : "調查中";
        string Apply(string text) => text
            .Replace("{name}", name ?? "", StringComparison.Ordinal)
            .Replace("{categories}", Categories(categories), StringComparison.Ordinal)
            .Replace("{facts}", i.Facts ?? "", StringComparison.Ordinal)
            .Replace("{occurred}", occurred, StringComparison.Ordinal)
            .Replace("{measures}", measures.ToString().TrimEnd(), StringComparison.Ordinal)
            .Replace("{contact}", contact, StringComparison.Ordinal)
            .Replace("{rights}", Rights, StringComparison.Ordinal)
            .Replace("{incident}", i.Title, StringComparison.Ordinal);
        return (Apply(template.Subject), Apply(template.Body).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>What stops notices from going out (Enforcement Rules art. 22(2) and the templates), in words for the officer.</summary>
    public static IEnumerable<string> Problems(IncidentDetail incident, IEnumerable<NoticeTemplate> templates)
    {
        var i = incident.Input;
        if (string.IsNullOrWhiteSpace(i.Facts))
        {
            yield return "事故事實未填寫（施行細則第 22 條第 2 項：通知應包含事實）";
        }

        if (incident.Measures.Count == 0)
        {
            yield return "已採取之因應措施未記錄（施行細則第 22 條第 2 項：通知應包含已採取之因應措施）";
        }

        if (string.IsNullOrWhiteSpace(i.ContactOffice) || (string.IsNullOrWhiteSpace(i.ContactPhone) && string.IsNullOrWhiteSpace(i.ContactEmail)))
        {
            yield return "聯絡窗口未填寫（單位，以及電話或電子郵件）";
        }

        if (incident.CurrentSet is null)
        {
            yield return "尚未界定受影響者（請先界定範圍）";
        }

        foreach (var t in templates)
        {
            foreach (var missing in Required(t.Channel).Where(r => !t.Body.Contains(r, StringComparison.Ordinal)))
            {
                yield return $"{t.Channel} 範本缺少 {missing}";
            }

            if (t.Channel == NoticeChannel.Public && (t.Body.Contains("{name}", StringComparison.Ordinal) || t.Subject.Contains("{name}", StringComparison.Ordinal)))
            {
                yield return "公告範本不得含 {name}：公告不含個人資料";
            }
        }
    }
}
