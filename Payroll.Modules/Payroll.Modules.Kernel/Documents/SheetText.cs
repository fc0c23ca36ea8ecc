using ClosedXML.Excel;

namespace Payroll.Modules.Kernel.Documents;

/// <summary>
/// Text that came from people (names, unit names, an officer's words) goes into a workbook as text, exactly as written,
/// never as a formula or a number: a name such as <c>=HYPERLINK("http://…","薪資")</c> or <c>@SUM(…)</c> must not run in
/// the reader's spreadsheet program (formula injection, OWASP "CSV injection"). ClosedXML's <c>Value =</c> guesses a
/// type (<c>+886227208889</c> becomes a number, <c>1/2</c> a date); <c>SetValue</c> writes a string cell. A text that
/// begins like a formula also gets Excel's quote prefix, so that editing the cell later keeps it text.
/// </summary>
public static class SheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n'];

    /// <summary>Writes <paramref name="text"/> as a text cell (quote-prefixed when it looks like a formula).</summary>
    public static IXLCell SetText(this IXLCell cell, string? text)
    {
        cell.SetValue(text ?? "");
        if (LooksLikeFormula(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }

        return cell;
    }

    /// <summary>Whether a spreadsheet program would read <paramref name="text"/>, typed into a cell, as a formula.</summary>
    public static bool LooksLikeFormula(string? text) => text is { Length: > 0 } && Array.IndexOf(FormulaStarts, text[0]) >= 0;
}
