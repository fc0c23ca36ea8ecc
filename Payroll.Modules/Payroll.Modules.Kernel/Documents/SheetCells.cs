using ClosedXML.Excel;
namespace Payroll.Modules.Kernel.Documents;

/// <summary>
/// Writes people's text into a workbook as text (see <see cref="SheetText"/>). Written once here, compiled into each
/// module that writes workbooks with ClosedXML (linked from their project files), never into the Kernel, which holds
/// no workbook library (architecture rule 4).
/// </summary>
internal static class SheetCells
{
    public static IXLCell SetText(this IXLCell cell, string? text)
    {
        cell.SetValue(text ?? "").Style.IncludeQuotePrefix = SheetText.LooksLikeFormula(text);
        return cell;
    }
}
