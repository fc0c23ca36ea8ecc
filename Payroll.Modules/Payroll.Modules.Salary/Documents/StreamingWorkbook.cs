using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Payroll.Modules.Kernel.Documents;

namespace Payroll.Modules.Salary.Documents;

/// <summary>One row of a sheet: bold or not, and its cells (text, a number, or null for an empty cell).</summary>
internal readonly record struct SheetLine(bool Bold, object?[] Cells);

/// <summary>A sheet to stream: its rows (read once, as they are written), column widths, rows frozen at the top, and the printed footer.</summary>
internal sealed record StreamingSheet(string Name, IEnumerable<SheetLine> Lines, IReadOnlyList<double> Widths, int FrozenRows, string Footer);

/// <summary>
/// Writes .xlsx with the Open XML SDK's writer, one row at a time, so a city's register or cost workbook stays in
/// seconds and memory stays flat (ClosedXML's cell model took several times as long). Numbers get thousands separators;
/// text that begins like a formula is quote-prefixed (Kernel SheetText); pages print landscape on A4 with the footer.
/// </summary>
internal static class StreamingWorkbook
{
    private const uint Plain = 0;
    private const uint Number = 1;
    private const uint Bold = 2;
    private const uint BoldNumber = 3;
    private const uint QuotedText = 4;

    public static byte[] Write(IReadOnlyList<StreamingSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets(sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = "rSheet" + (i + 1).ToString(CultureInfo.InvariantCulture) })));
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            for (var i = 0; i < sheets.Count; i++)
            {
                WriteSheet(workbookPart.AddNewPart<WorksheetPart>("rSheet" + (i + 1).ToString(CultureInfo.InvariantCulture)), sheets[i]);
            }
        }

        return stream.ToArray();
    }

    private static void WriteSheet(WorksheetPart part, StreamingSheet sheet)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        if (sheet.FrozenRows > 0)
        {
            var top = "A" + (sheet.FrozenRows + 1).ToString(CultureInfo.InvariantCulture);
            writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = sheet.FrozenRows, TopLeftCell = top, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }));
        }

        writer.WriteElement(new Columns(sheet.Widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());
        uint rowIndex = 0;
        foreach (var (bold, cells) in sheet.Lines)
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
                        // Names as people wrote them: text, quote-prefixed when they begin like a formula.
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
        writer.WriteElement(new HeaderFooter(new OddFooter(PrintFooter(sheet.Footer))));
        writer.WriteEndElement();
    }

    // "&" starts a code in header/footer text: written as "&&".
    private static string PrintFooter(string footer) => "&L" + footer.Replace("&", "&&", StringComparison.Ordinal) + "&R&P / &N";

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new DocumentFormat.OpenXml.Spreadsheet.Bold(), new FontSize { Val = 11 })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat { FontId = 0, NumberFormatId = 0 },
            new CellFormat { FontId = 0, NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, NumberFormatId = 0, ApplyFont = true },
            new CellFormat { FontId = 1, NumberFormatId = 3, ApplyFont = true, ApplyNumberFormat = true },
            new CellFormat { FontId = 0, NumberFormatId = 0, QuotePrefix = true }));
}
