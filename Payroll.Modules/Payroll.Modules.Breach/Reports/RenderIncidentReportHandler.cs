using System.Globalization;
using Mediator;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Notices;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Documents;
using Payroll.Modules.Kernel.Time;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Reports;

/// <summary>
/// The incident's reports, written from what is recorded: the cyber-security incident report with the contents its
/// rules require (times of occurrence, awareness and containment; scope and impact; containment and recovery;
/// investigation; root cause; preventive measures; schedule) and the regulator's report. Counts only: nobody is named.
/// </summary>
internal sealed class RenderIncidentReportHandler(IncidentStore incidents, AffectedSetStore sets, IDbConnectionFactory db, NoticeStore notices, PdfFonts fonts, ISender sender, IClock clock)
    : IRequestHandler<RenderIncidentReport, string>
{
    public async ValueTask<string> Handle(RenderIncidentReport request, CancellationToken cancellationToken)
    {
        var incident = await incidents.ReadAsync(request.IncidentId, sets, cancellationToken) ?? throw new NotFoundException("incident", request.IncidentId);
        IReadOnlyList<ChannelProgress> progress;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            progress = await notices.ProgressAsync(c, request.IncidentId, cancellationToken);
        }

        var sections = request.Kind == IncidentReportKind.CyberSecurity ? CyberSecurity(incident, progress) : Regulator(incident, progress);
        var title = request.Kind == IncidentReportKind.CyberSecurity ? "資通安全事件調查、處理及改善報告" : "個人資料外洩事故通報";
        fonts.EnsureInstalled();
        var pdf = Render($"{title}：{incident.Input.Title}", sections, $"事故 {incident.IncidentId}　製表 {request.Actor.Name} {NoticeText.Taipei(clock.UtcNow)}");
        var stored = await sender.Send(new StoreDocument("breach-evidence", "Breach", "application/pdf",
            $"{(request.Kind == IncidentReportKind.CyberSecurity ? "cyber-security-report" : "regulator-report")}-incident{incident.IncidentId}.pdf", pdf, [], ["none"], request.Actor), cancellationToken);
        return stored.DocumentId;
    }

    private static string At(DateTimeOffset? at) => at is { } v ? NoticeText.Taipei(v) : "（未記錄）";

    private static string Measures(IncidentDetail d) => d.Measures.Count == 0 ? "（未記錄）" : string.Join("\n", d.Measures.Select(m => $"・{NoticeText.Taipei(m.TakenAt)} {m.Text}"));

    private static string Scope(IncidentDetail d) => d.CurrentSet is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"受影響者 {s.People:N0} 人（第 {s.Version} 版，{s.Units.Count} 個發薪單位）；個資類別：{string.Join("、", s.Categories.Select(c => $"{NoticeText.Categories([c.Name])} {c.People:N0} 人"))}")
        : "（尚未界定）";

    private static string Notices(IReadOnlyList<ChannelProgress> progress) => progress.Count == 0 ? "（尚未通知）"
        : string.Join("；", progress.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Channel}：已寄出 {p.Sent:N0}／{p.Total:N0}，失敗 {p.Failed}，待查 {p.Review}")));

    private static List<(string Heading, string Text)> CyberSecurity(IncidentDetail d, IReadOnlyList<ChannelProgress> progress)
    {
        var i = d.Input;
        var investigation = d.CurrentSet is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"界定依據：{string.Join("；", s.Inputs)}。未造成外洩之請求：失敗或轉址 {s.FailedRequests:N0} 筆、無法對應個人 {s.UnresolvedRequests:N0} 筆。")
            : "（尚未界定受影響者）";
        var prevention = i.ContainedAt is { } contained ? d.Measures.Where(m => m.TakenAt > contained).ToList() : [];
        return
        [
            ("一、事件發生、知悉及完成損害控制時間", $"發生期間：{At(i.OccurredFrom)} 至 {At(i.OccurredTo)}\n發現：{At(i.DiscoveredAt)}　知悉：{At(i.AwareAt)}　確認：{At(i.ConfirmedAt)}\n完成損害控制或復原：{At(i.ContainedAt)}\n事件等級：第 {i.Level} 級"),
            ("二、事件影響範圍及損害評估", $"{i.Facts ?? "（未填寫）"}\n{Scope(d)}"),
            ("三、損害控制及復原作業", Measures(d)),
            ("四、事件調查及處理", $"{investigation}\n當事人通知：{Notices(progress)}"),
            ("五、事件根因分析", i.Cause ?? "（未填寫）"),
            ("六、預防措施", prevention.Count == 0 ? "（完成損害控制後之措施尚未記錄）" : string.Join("\n", prevention.Select(m => $"・{NoticeText.Taipei(m.TakenAt)} {m.Text}"))),
            ("七、時程", string.Join("\n", d.Deadlines.Where(x => x.Applies).Select(x => $"・{x.What}：{(x.Due is { } due ? NoticeText.Taipei(due) : "即時")}{(x.MetAt is { } met ? $"（已於 {NoticeText.Taipei(met)} 完成）" : "")}"))),
            ("聯絡窗口", $"{i.ContactOffice} {i.ContactPhone} {i.ContactEmail}"),
        ];
    }

    private static List<(string Heading, string Text)> Regulator(IncidentDetail d, IReadOnlyList<ChannelProgress> progress)
    {
        var i = d.Input;
        return
        [
            ("一、事故發生時間及知悉時間", $"發生期間：{At(i.OccurredFrom)} 至 {At(i.OccurredTo)}；知悉：{At(i.AwareAt)}"),
            ("二、事故事實", i.Facts ?? "（未填寫）"),
            ("三、涉及之個人資料類別及人數", $"{Scope(d)}\n特種個人資料：{(i.SensitiveData ? "是" : "否")}；系統資料筆數：{i.SystemRecords?.ToString("N0", CultureInfo.InvariantCulture) ?? "（未填寫）"}"),
            ("四、已採取之因應措施", Measures(d)),
            ("五、通知當事人情形", Notices(progress)),
            ("六、聯絡窗口", $"{i.ContactOffice} {i.ContactPhone} {i.ContactEmail}"),
        ];
    }

    private static byte[] Render(string title, IReadOnlyList<(string Heading, string Text)> sections, string footer)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        var titleText = new PdfText(15, bold: true);
        var heading = new PdfText(11.5, bold: true);
        var body = new PdfText(10);
        var small = new PdfText(8);
        PdfPage? page = null;
        XGraphics? gfx = null;
        var y = 0.0;
        const double left = 56;
        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            small.Draw(gfx, footer, left, page.Height.Point - 30);
            y = 64;
        }

        NewPage();
        var width = page!.Width.Point - (2 * left);
        foreach (var line in titleText.Wrap(gfx!, title, width))
        {
            titleText.Draw(gfx!, line, left, y);
            y += 22;
        }

        foreach (var (h, text) in sections)
        {
            y += 10;
            if (y > page!.Height.Point - 90)
            {
                NewPage();
            }

            heading.Draw(gfx!, h, left, y);
            y += 18;
            foreach (var line in body.Wrap(gfx!, text, width))
            {
                if (y > page!.Height.Point - 60)
                {
                    NewPage();
                }

                body.Draw(gfx!, line, left, y);
                y += 15;
            }
        }

        gfx?.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }
}
