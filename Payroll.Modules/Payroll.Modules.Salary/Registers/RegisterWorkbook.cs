using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Payroll.Modules.Kernel.Documents;

namespace Payroll.Modules.Salary.Registers;

/// <summary>
/// Writes a register as .xlsx. <see cref="Write"/> streams the sheet with the Open XML SDK's writer, one row at a time,
/// so a city's register stays in seconds and memory stays flat (ClosedXML's cell model took several times as long).
/// </summary>
internal static class RegisterWorkbook
{
    private const uint Plain = 0;
    private const uint Number = 1;
    private const uint Bold = 2;
    private const uint BoldNumber = 3;
    private const uint QuotedText = 4;

    /// <summary>Each line of the sheet: the kind of row and its cells (text or number).</summary>
    private static IEnumerable<(bool Bold, object?[] Cells)> Lines(RegisterData data)
    {
        yield return (true, [data.Title]);
        yield return data.Mark is { } mark ? (true, [mark]) : (false, []);
        yield return (true, RegisterColumns.Headings);
        var all = new List<RegisterRow>();
        foreach (var unit in data.Units)
        {
            var paid = unit.Rows.Where(r => r.Exception is null).ToList();
            var n = 0;
            foreach (var row in paid)
            {
                yield return (false, Row(++n, row, row.Account, null));
            }

            yield return (true, Total($"{unit.UnitCode} 小計（{paid.Count} 人）", paid));
            foreach (var row in unit.Rows.Where(r => r.Exception is not null))
            {
                yield return (false, Row(null, row, row.Account, "例外，不列入合計：" + row.Exception));
            }

            all.AddRange(paid);
        }

        yield return (false, []);
        yield return (true, Total($"總計（{all.Count} 人）", all));
        yield return (false, []);
        yield return (false, [data.Footer]);
    }

    private static object?[] Row(int? n, RegisterRow r, string account, string? remark) =>
        [n, r.EmployeeNo, r.Name, r.NationalIdMasked, string.Create(CultureInfo.InvariantCulture, $"{r.DaysPaid}/{r.DaysInPeriod}"),
         .. RegisterColumns.Figures(r.Amounts, r.Gross, r.Deductions, r.Net).Cast<object?>(), account, remark];

    private static object?[] Total(string label, List<RegisterRow> rows)
    {
        var amounts = Enumerable.Range(0, RegisterColumns.Amounts.Length).Select(i => rows.Sum(r => r.Amounts[i])).ToArray();
        return [null, label, null, null, null, .. RegisterColumns.Figures(amounts, rows.Sum(r => r.Gross), rows.Sum(r => r.Deductions), rows.Sum(r => r.Net)).Cast<object?>(), null, null];
    }

    public static byte[] Write(RegisterData data)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "薪資清冊", SheetId = 1, Id = "rSheet1" }));
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rSheet1");
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = 3, TopLeftCell = "A4", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }));
                writer.WriteElement(new Columns(RegisterColumns.Headings.Select((h, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = i == 2 || i == RegisterColumns.Headings.Length - 1 ? 14 : i == RegisterColumns.Headings.Length - 2 ? 18 : 11, CustomWidth = true })));
                writer.WriteStartElement(new SheetData());
                uint rowIndex = 0;
                foreach (var (bold, cells) in Lines(data))
                {
                    rowIndex++;
                    writer.WriteStartElement(new Row { RowIndex = rowIndex });
                    foreach (var value in cells)
                    {
                        switch (value)
                        {
                            case null:
                                writer.WriteElement(new Cell());
                                break;
                            case string text:
                                // Names as people wrote them: text, quote-prefixed when they begin like a formula (Kernel SheetText).
                                writer.WriteElement(new Cell
                                {
                                    DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)),
                                    StyleIndex = bold ? Bold : SheetText.LooksLikeFormula(text) ? QuotedText : Plain,
                                });
                                break;
                            default:
                                writer.WriteElement(new Cell { CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!), StyleIndex = bold ? BoldNumber : Number });
                                break;
                        }
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteElement(new PageMargins { Left = 0.3, Right = 0.3, Top = 0.5, Bottom = 0.6, Header = 0.2, Footer = 0.3 });
                writer.WriteElement(new PageSetup { Orientation = OrientationValues.Landscape, PaperSize = 9 });
                writer.WriteElement(new HeaderFooter(new OddFooter(PrintFooter(data.Footer))));
                writer.WriteEndElement();
            }
        }

        return stream.ToArray();
    }

    // "&" starts a code in header/footer text: written as "&&".
    private static string PrintFooter(string footer) => "&L" + footer.Replace("&", "&&", StringComparison.Ordinal) + "&R&P / &N";

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat { FontId = 0, NumberFormatId = 0 },
            new CellFormat { FontId = 0, NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, NumberFormatId = 0, ApplyFont = true },
            new CellFormat { FontId = 1, NumberFormatId = 3, ApplyFont = true, ApplyNumberFormat = true },
            new CellFormat { FontId = 0, NumberFormatId = 0, QuotePrefix = true }));
}
