namespace Payroll.Modules.Kernel.Documents;

/// <summary>
/// Text that came from people (names, unit names, an officer's words) goes into a workbook as text, exactly as written,
/// never as a formula or a number: a name such as <c>=HYPERLINK("http://…","薪資")</c> or <c>@SUM(…)</c> must not run in
/// the reader's spreadsheet program (formula injection, OWASP "CSV injection"). Each module that writes workbooks
/// (architecture rule 4 keeps ClosedXML out of the Kernel) writes such text with ClosedXML's <c>SetValue</c> (a string
/// cell; <c>Value =</c> guesses a type: <c>+886227208889</c> becomes a number, <c>1/2</c> a date) and, when this says
/// so, Excel's quote prefix, so that editing the cell later keeps it text.
/// </summary>
public static class SheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n'];

    /// <summary>Whether a spreadsheet program would read <paramref name="text"/>, typed into a cell, as a formula.</summary>
    public static bool LooksLikeFormula(string? text) => text is { Length: > 0 } && Array.IndexOf(FormulaStarts, text[0]) >= 0;
}
