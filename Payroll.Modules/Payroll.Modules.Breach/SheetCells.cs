using ClosedXML.Excel;
using Payroll.Modules.Kernel.Documents;

namespace Payroll.Modules.Breach;

/// <summary>Writes people's text into a workbook as text (see <see cref="SheetText"/>).</summary>
internal static class SheetCells
{
    public static IXLCell SetText(this IXLCell cell, string? text)
    {
        cell.SetValue(text ?? "").Style.IncludeQuotePrefix = SheetText.LooksLikeFormula(text);
        return cell;
    }
}
