using ClosedXML.Excel;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Modules.Personnel.Import;

/// <summary>Reads a small reference sheet as text rows after checking the file, the sheet, the headings and formulas.</summary>
internal static class SimpleSheet
{
    public static List<(int Row, string[] Cells)> Read(byte[] bytes, string sheetName, string[] headings, List<ImportProblem> problems) =>
        Read(bytes, sheetName, headings, headings.Length, problems, out _);

    /// <summary>
    /// As <see cref="Read(byte[], string, string[], List{ImportProblem})"/>, the headings after the first
    /// <paramref name="required"/> being optional: a column whose heading cell is empty is absent (its cells read as
    /// empty, <paramref name="present"/> false), so files made before a column was added still load.
    /// </summary>
    public static List<(int Row, string[] Cells)> Read(byte[] bytes, string sheetName, string[] headings, int required, List<ImportProblem> problems, out bool[] present)
    {
        var rows = new List<(int, string[])>();
        present = new bool[headings.Length];
        if (bytes.Length > ImportEmployeesHandler.MaxBytes || bytes.Length < 4 || bytes[0] != 0x50 || bytes[1] != 0x4B)
        {
            problems.Add(new ImportProblem(0, "檔案", "不是 Excel 活頁簿（.xlsx），或超過 20 MB 上限"));
            return rows;
        }

        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(bytes));
            if (!workbook.TryGetWorksheet(sheetName, out var sheet))
            {
                problems.Add(new ImportProblem(0, "檔案", $"找不到工作表「{sheetName}」"));
                return rows;
            }

            for (var i = 0; i < headings.Length; i++)
            {
                var heading = sheet.Cell(1, i + 1).GetString().Trim();
                present[i] = i < required || heading.Length > 0;
                if (present[i] && heading != headings[i])
                {
                    problems.Add(new ImportProblem(1, headings[i], $"第 {i + 1} 欄標題應為「{headings[i]}」"));
                }
            }

            if (problems.Count > 0)
            {
                return rows;
            }

            foreach (var row in sheet.RowsUsed().Where(r => r.RowNumber() > 1))
            {
                var cells = new string[headings.Length];
                for (var i = 0; i < headings.Length; i++)
                {
                    if (!present[i])
                    {
                        cells[i] = "";
                        continue;
                    }

                    if (row.Cell(i + 1).HasFormula)
                    {
                        problems.Add(new ImportProblem(row.RowNumber(), headings[i], "資料儲存格不可含公式，請貼上數值"));
                    }

                    cells[i] = Cells.Text(row.Cell(i + 1));
                }

                rows.Add((row.RowNumber(), cells));
            }
        }
#pragma warning disable CA1031 // A damaged or foreign file gets one clear answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            problems.Add(new ImportProblem(0, "檔案", "無法讀取此 Excel 活頁簿（檔案損毀或格式不符）"));
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ImportProblem(0, "檔案", "沒有任何資料列"));
        }

        return rows;
    }
}
