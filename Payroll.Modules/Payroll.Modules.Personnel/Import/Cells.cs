using System.Globalization;
using ClosedXML.Excel;

namespace Payroll.Modules.Personnel.Import;

/// <summary>
/// A cell's value as text, without ClosedXML's number formatting (which costs 150 s for a city's 1.2 million cells):
/// text as typed, whole numbers without decimals, dates as ISO.
/// </summary>
internal static class Cells
{
    public static string Text(IXLCell cell) => (cell.DataType switch
    {
        XLDataType.Number => cell.GetDouble() is var d && d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : cell.GetDouble().ToString(CultureInfo.InvariantCulture),
        XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        XLDataType.Boolean => cell.GetBoolean() ? "TRUE" : "FALSE",
        _ => cell.GetString(),
    }).Trim();
}
