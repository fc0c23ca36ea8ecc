using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Documents;
using Payroll.Modules.Kernel.Time;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

/// <summary>
/// Prints the pending letters, batched per paying unit for hand delivery: one PDF (a page per person, the text in
/// Chinese) and a delivery receipt sheet to be signed, both kept in the Vault. The letters are claimed before they are
/// drawn (Queued → Sending) and marked Sent with their batch once stored: a crash leaves them for review, never printed twice.
/// </summary>
internal sealed class PrintLettersHandler(IDbConnectionFactory db, NoticeContext context, PdfFonts fonts, ISender sender, IClock clock) : IRequestHandler<PrintLetters, IReadOnlyList<LetterBatch>>
{
    private const string ClaimSql = """
        UPDATE breach_notice SET state = 'Sending', sending_at = @now, attempts = attempts + 1
        WHERE incident_id = @incidentId AND channel = 'Letter' AND state = 'Queued'
        RETURNING id AS Id, employee_id AS EmployeeId, employee_no AS EmployeeNo, unit_code AS UnitCode
        """;

    private const string SentSql = $"""
        UPDATE breach_notice SET state = 'Sent', sent_at = @now, document_id = @documentId, content_sha256 = @sha, message_id = @reference
        WHERE id = @id AND state = 'Sending'
        """;

    public async ValueTask<IReadOnlyList<LetterBatch>> Handle(PrintLetters request, CancellationToken cancellationToken)
    {
        var (incident, templates, people, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        if (problems.Count > 0)
        {
            throw new ConflictException("The notices are not ready: " + string.Join("; ", problems));
        }

        List<Claimed> claimed;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            claimed = (await c.QueryAsync<Claimed>(new CommandDefinition(ClaimSql, new { incidentId = request.IncidentId, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))).ToList();
        }

        if (claimed.Count == 0)
        {
            return [];
        }

        fonts.EnsureInstalled();
        var template = templates.Single(t => t.Channel == NoticeChannel.Letter);
        var recipients = (await sender.Send(new GetNoticeRecipients(claimed.Select(l => l.EmployeeId).ToList()), cancellationToken)).ToDictionary(r => r.EmployeeId);
        var categories = people.ToDictionary(p => p.EmployeeId, p => p.Categories);
        var printedAt = clock.UtcNow;
        var batches = new List<LetterBatch>();
        foreach (var unit in claimed.GroupBy(l => l.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var letters = unit.OrderBy(l => l.EmployeeNo, StringComparer.Ordinal).Select(l =>
            {
                var who = recipients[l.EmployeeId];
                var (subject, body) = NoticeText.Fill(template, incident, who.Name, categories.GetValueOrDefault(l.EmployeeId) ?? []);
                return (Letter: l, Who: who, Subject: subject, Body: body);
            }).ToList();
            var pdf = Render(letters.Select(x => (x.Letter.Id, x.Who, x.Subject, x.Body)).ToList(), printedAt);
            var receipt = ReceiptSheet(incident, unit.Key, letters.Select(x => (x.Letter.Id, x.Who)).ToList(), printedAt);
            var subjects = letters.Select(x => x.Letter.EmployeeId).ToList();
            var stamp = RocDate.InTaipei(printedAt).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
            var storedPdf = await sender.Send(new StoreDocument("breach-letter", "Breach", "application/pdf", $"letters-incident{incident.IncidentId}-{unit.Key}-{stamp}.pdf", pdf, subjects, ["name", "address"], request.Actor), cancellationToken);
            var storedReceipt = await sender.Send(new StoreDocument("breach-evidence", "Breach", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                $"receipts-incident{incident.IncidentId}-{unit.Key}-{stamp}.xlsx", receipt, subjects, ["name"], request.Actor), cancellationToken);
            await using (var c = await db.OpenAsync(cancellationToken))
            await using (var tx = await c.BeginTransactionAsync(cancellationToken))
            {
                foreach (var x in letters)
                {
                    await c.ExecuteAsync(new CommandDefinition(SentSql, new
                    {
                        id = x.Letter.Id, now = clock.UtcNow.ToUnixTimeMilliseconds(), documentId = storedPdf.DocumentId,
                        sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(x.Subject + "\n\n" + x.Body))), reference = "letter:" + storedReceipt.DocumentId,
                    }, tx, cancellationToken: cancellationToken));
                }

                await tx.CommitAsync(cancellationToken);
            }

            batches.Add(new LetterBatch(unit.Key, letters.Count, storedPdf.DocumentId, storedReceipt.DocumentId));
        }

        return batches;
    }

    /// <summary>A page per letter: the address block, the title, the text wrapped to the page, the notice's number.</summary>
    internal static byte[] Render(IReadOnlyList<(long NoticeId, NoticeRecipient Who, string Subject, string Body)> letters, DateTimeOffset printedAt)
    {
        using var document = new PdfDocument();
        document.Info.Title = "個人資料外洩事故通知書";
        var address = new PdfText(11);
        var title = new PdfText(14, bold: true);
        var body = new PdfText(10.5);
        var small = new PdfText(8);
        foreach (var (id, who, subject, text) in letters)
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var gfx = XGraphics.FromPdfPage(page);
            const double left = 60;
            var width = page.Width.Point - (2 * left);
            var y = 70.0;
            address.Draw(gfx, who.Address ?? $"{who.UnitName}（{who.UnitCode}）轉交", left, y);
            address.Draw(gfx, $"{who.Name} 君 親啟", left, y += 18);
            small.Draw(gfx, $"{who.UnitName}　員工編號 {who.EmployeeNo}", left, y += 16);
            y += 36;
            foreach (var line in title.Wrap(gfx, subject, width))
            {
                title.Draw(gfx, line, left, y);
                y += 20;
            }

            y += 10;
            var bottom = page.Height.Point - 70;
            foreach (var line in body.Wrap(gfx, text, width))
            {
                if (y > bottom)
                {
                    small.Draw(gfx, "（續下頁）", left, bottom + 20);
                    break;
                }

                body.Draw(gfx, line, left, y);
                y += body.Size * 1.5;
            }

            small.Draw(gfx, string.Create(CultureInfo.InvariantCulture, $"通知編號 {id}　列印 {RocDate.InTaipei(printedAt):yyyy/MM/dd HH:mm}　本函僅交當事人本人"), left, page.Height.Point - 36);
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The delivery receipt sheet of one unit's letters: one row per letter, to be signed on delivery.</summary>
    private static byte[] ReceiptSheet(IncidentDetail incident, string unitCode, IReadOnlyList<(long NoticeId, NoticeRecipient Who)> letters, DateTimeOffset printedAt)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("簽收單");
        sheet.Cell(1, 1).SetText($"個人資料外洩事故通知書 簽收單：{incident.Input.Title}（事故 {incident.IncidentId}）");
        sheet.Cell(2, 1).SetText($"發薪單位 {unitCode} {letters.FirstOrDefault().Who?.UnitName}　列印 {RocDate.InTaipei(printedAt).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture)}　共 {letters.Count} 封");
        string[] headers = ["序號", "通知編號", "員工編號", "姓名", "簽收日期", "簽名"];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(4, i + 1).Value = headers[i];
            sheet.Cell(4, i + 1).Style.Font.Bold = true;
        }

        for (var r = 0; r < letters.Count; r++)
        {
            sheet.Cell(5 + r, 1).Value = r + 1;
            sheet.Cell(5 + r, 2).Value = letters[r].NoticeId;
            sheet.Cell(5 + r, 3).SetText(letters[r].Who.EmployeeNo);
            sheet.Cell(5 + r, 4).SetText(letters[r].Who.Name);
        }

        sheet.Range(4, 1, 4 + letters.Count, headers.Length).Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        sheet.Range(4, 1, 4 + letters.Count, headers.Length).Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        sheet.Columns(1, headers.Length).Width = 16;
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private sealed class Claimed
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";
    }
}
