using Payroll.Modules.Kernel.Documents;
using System.Globalization;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Time;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Payroll.Modules.Salary.Documents;

/// <summary>A payslip on A4 (more pages when it has many lines): every amount with the rule and the figures behind it.</summary>
internal static class PayslipPdf
{
    private const double Left = 50;
    private const double Right = 545;
    private const double AmountRight = 250;
    private const double ExplanationLeft = 265;

    public static byte[] Render(PayslipView p, PdfFonts fonts, DateTimeOffset generatedAt)
    {
        fonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"薪資明細 {p.Period} {p.EmployeeNo}";
        var title = new PdfText(15, bold: true);
        var body = new PdfText(10);
        var bold = new PdfText(10, bold: true);
        var small = new PdfText(7.5);
        var period = Calculation.PayPeriod.Parse(p.Period);
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        var y = 60d;
        if (p.IsTrial)
        {
            // Above the heading, in red, on the first page: the figures come from a table nobody has verified.
            bold.Draw(gfx, "【" + PayrollRunSummary.TrialMark + "】", Left, 38, XBrushes.DarkRed);
        }

        var heading = string.Create(CultureInfo.InvariantCulture, $"中華民國{RocDate.RocYear(period.Start)}年{period.Month}月 薪資明細表");
        title.Draw(gfx, heading, (Left + Right - title.Measure(gfx, heading)) / 2, y);
        y += 28;
        body.Draw(gfx, $"員工編號 {p.EmployeeNo}　姓名 {p.Name}　發薪單位 {p.UnitCode}", Left, y);
        y += 15;
        body.Draw(gfx, string.Create(CultureInfo.InvariantCulture, $"計薪日數 {p.DaysPaid}/{p.DaysInPeriod}　批次 {p.RunId}（{p.Kind}，{p.State}）"), Left, y);
        y += 22;

        foreach (var line in p.Lines)
        {
            if (y > 760)
            {
                gfx.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                y = 60;
            }

            gfx.DrawLine(XPens.LightGray, Left, y - 11, Right, y - 11);
            body.Draw(gfx, (line.IsEmployerCost ? "（另）" : line.IsDeduction ? "減 " : "加 ") + line.Name, Left, y);
            body.DrawRight(gfx, line.Amount.ToString("N0", CultureInfo.InvariantCulture), AmountRight, y);
            var explanation = line.Rule + (line.TableRef.Length > 0 ? "（" + line.TableRef + "）" : "") + "\n" + line.Inputs;
            var lines = small.DrawWrapped(gfx, explanation, ExplanationLeft, y - 2, Right - ExplanationLeft, 4, XBrushes.DimGray);
            y += Math.Max(22, (lines * small.Size * 1.3) + 10);
        }

        gfx.DrawLine(XPens.Black, Left, y - 8, Right, y - 8);
        y += 8;
        foreach (var (label, amount) in new[] { ("應發合計", p.Gross), ("應扣合計", p.Deductions), ("實發金額", p.Net) })
        {
            bold.Draw(gfx, label, Left, y);
            bold.DrawRight(gfx, amount.ToString("N0", CultureInfo.InvariantCulture), AmountRight, y);
            y += 16;
        }

        if (p.Exception is { } problem)
        {
            bold.Draw(gfx, "本月暫不發放：" + problem, Left, y + 6, XBrushes.DarkRed);
        }

        var taipei = RocDate.InTaipei(generatedAt);
        small.Draw(gfx, $"產製時間 {RocDate.Format(DateOnly.FromDateTime(taipei.DateTime))} {taipei:HH:mm}　本文件含個人資料，僅供本人使用，請妥善保管。", Left, 810, XBrushes.DimGray);
        gfx.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }
}
