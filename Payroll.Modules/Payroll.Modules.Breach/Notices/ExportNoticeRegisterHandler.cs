using System.Globalization;
using ClosedXML.Excel;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Documents;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Breach.Notices;

/// <summary>
/// The evidence register for auditors: every notice with its person, channel, time, Message-ID, SHA-256 of the exact text,
/// delivery and the date from which art. 30's two-year period runs; kept in the Vault, the export recorded.
/// </summary>
internal sealed class ExportNoticeRegisterHandler(NoticeStore store, NoticeContext context, ISender sender, IClock clock, FieldCipher cipher) : IRequestHandler<ExportNoticeRegister, string>
{
    public async ValueTask<string> Handle(ExportNoticeRegister request, CancellationToken cancellationToken)
    {
        var (incident, _, people, _) = await context.LoadAsync(request.IncidentId, cancellationToken);
        var notices = await store.NoticesAsync(request.IncidentId, cancellationToken);
        using var book = new XLWorkbook();
        var about = book.AddWorksheet("事故");
        var i = incident.Input;
        (string, string)[] facts =
        [
            ("事故", $"{incident.IncidentId} {i.Title}"), ("知悉時間", NoticeText.Taipei(i.AwareAt)), ("等級", i.Level.ToString(CultureInfo.InvariantCulture)),
            ("適用規定", i.RuleSet.ToString()), ("事實", i.Facts ?? ""), ("原因", i.Cause ?? ""),
            ("因應措施", string.Join("\n", incident.Measures.Select(m => $"{NoticeText.Taipei(m.TakenAt)} {m.Text}"))),
            ("聯絡窗口", $"{i.ContactOffice} {i.ContactPhone} {i.ContactEmail}"), ("受影響人數", people.Count.ToString(CultureInfo.InvariantCulture)),
            ("匯出", $"{request.Actor.Name} {NoticeText.Taipei(clock.UtcNow)}"),
        ];
        for (var r = 0; r < facts.Length; r++)
        {
            about.Cell(r + 1, 1).Value = facts[r].Item1;
            about.Cell(r + 1, 2).SetText(facts[r].Item2);
        }

        var sheet = book.AddWorksheet("通知紀錄");
        string[] headers = ["通知編號", "員工編號", "發薪單位", "管道", "狀態", "嘗試次數", "寄出時間", "Message-ID", "內容 SHA-256", "文件", "送達", "失敗原因", "第 30 條時效起算日"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
        }

        for (var r = 0; r < notices.Count; r++)
        {
            var e = notices[r].ToEvidence(cipher);
            object?[] row = [e.NoticeId, e.EmployeeNo, e.UnitCode, e.Channel.ToString(), e.State.ToString(), e.Attempts, e.SentAt is { } s ? NoticeText.Taipei(s) : "",
                e.MessageId, e.ContentSha256, e.DocumentId, e.Delivery, e.Failure, e.LimitationFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
            for (var c = 0; c < row.Length; c++)
            {
                _ = row[c] switch
                {
                    long l => sheet.Cell(r + 2, c + 1).SetValue(l),
                    int n => sheet.Cell(r + 2, c + 1).SetValue(n),
                    var v => sheet.Cell(r + 2, c + 1).SetText(v?.ToString()),
                };
            }
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        var subjects = notices.Where(n => n.EmployeeId is not null).Select(n => n.EmployeeId!.Value).Distinct().ToList();
        var stored = await sender.Send(new StoreDocument("breach-evidence", "Breach", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"notice-register-incident{incident.IncidentId}.xlsx", stream.ToArray(), subjects, ["breach-affected"], request.Actor), cancellationToken);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.Export, stored.DocumentId, $"/breach/incidents/{incident.IncidentId}/register", [], ["breach-affected"], AccessOutcome.Allowed), cancellationToken);
        return stored.DocumentId;
    }
}
