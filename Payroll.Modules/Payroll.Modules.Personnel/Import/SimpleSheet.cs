using ClosedXML.Excel;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Modules.Personnel.Import;

/// <summary>Reads a small reference sheet as text rows after checking the file, the sheet, the headings and formulas.</summary>
internal static class SimpleSheet
{
    public static List<(int Row, string[] Cells)> Read(byte[] bytes, string sheetName, string[] headings, List<ImportProblem> problems)
    {
        var rows = new List<(int, string[])>();
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
                if (sheet.Cell(1, i + 1).GetString().Trim() != headings[i])
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
