using ClosedXML.Excel;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Documents;

namespace Payroll.Modules.Personnel.Import;

/// <summary>The workbook clerks fill in: the headings the import expects, lists for coded columns, and instructions.</summary>
internal sealed class GetEmployeeImportTemplateHandler(IDbConnectionFactory db) : IRequestHandler<GetEmployeeImportTemplate, byte[]>
{
    private const string UnitsSql = "SELECT code, name FROM personnel_unit ORDER BY code";
    private const string BanksSql = "SELECT bank_code, name FROM personnel_bank ORDER BY bank_code";

    public async ValueTask<byte[]> Handle(GetEmployeeImportTemplate request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var units = (await c.QueryAsync<(string Code, string Name)>(new CommandDefinition(UnitsSql, cancellationToken: cancellationToken))).AsList();
        var banks = (await c.QueryAsync<(string Code, string Name)>(new CommandDefinition(BanksSql, cancellationToken: cancellationToken))).AsList();

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(EmployeeSheet.SheetName);
        var lists = workbook.AddWorksheet("代碼");
        var help = workbook.AddWorksheet("說明");

        for (var i = 0; i < EmployeeSheet.Headings.Length; i++)
        {
            var cell = sheet.Cell(1, i + 1);
            cell.Value = EmployeeSheet.Headings[i];
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDE7F3");
            // Codes and numbers with leading zeros stay text.
            sheet.Column(i + 1).Style.NumberFormat.Format = "@";
        }

        sheet.Column(6).Style.NumberFormat.Format = "yyyy-mm-dd";
        sheet.Column(28).Style.NumberFormat.Format = "yyyy-mm-dd";
        sheet.SheetView.FreezeRows(1);

        void List(int column, int listColumn, string title, IEnumerable<string> values)
        {
            lists.Cell(1, listColumn).Value = title;
            var row = 2;
            foreach (var value in values)
            {
                lists.Cell(row++, listColumn).SetValue(value);
            }

            var range = lists.Range(2, listColumn, Math.Max(2, row - 1), listColumn);
            sheet.Range(2, column, 50_001, column).SetDataValidation().List(range, true);
        }

        List(2, 1, "發薪單位", units.Select(u => u.Code));
        List(7, 2, "人員類別", EmployeeSheet.Categories.Keys);
        List(17, 3, "退撫制度", EmployeeSheet.Pensions.Keys);
        List(18, 4, "扣繳方式", EmployeeSheet.Withholdings.Keys);
        List(20, 5, "居住者", EmployeeSheet.YesNo.Keys);
        List(21, 6, "銀行代碼", banks.Select(b => b.Code));
        List(27, 7, "狀態", EmployeeSheet.Statuses.Keys);
        lists.Cell(1, 9).Value = "單位代碼";
        lists.Cell(1, 10).Value = "單位名稱";
        for (var i = 0; i < units.Count; i++)
        {
            lists.Cell(i + 2, 9).SetText(units[i].Code);
            lists.Cell(i + 2, 10).SetText(units[i].Name);
        }

        string[] instructions =
        [
            "人員資料匯入說明",
            "1. 每列一人，第 1 列為欄位標題，請勿更動標題與欄位順序。",
            "2. 必填：員工編號、發薪單位、姓名、身分證號、出生日期、人員類別、健保眷屬人數、保險類別、退撫制度、扣繳方式、扶養人數、居住者、銀行代碼、分行代碼、帳號、狀態、狀態日期。",
            "3. 公務人員須填職等（1-14）與俸點。日期格式 2026-01-01 或民國 115/01/01。",
            "4. 身分證號與居留證號會檢查檢查碼；帳號為 10 至 16 位數字；銀行代碼須為「代碼」工作表所列。",
            "5. 資料儲存格不可含公式。檔案上限 20 MB。",
            "6. 匯入時先檢查每一列；任何一列有誤即全部不匯入，並逐列逐欄列出錯誤。修正後重新匯入即可。",
            "7. 已存在的員工編號：資料有變動者新增一筆自生效日起的異動紀錄；未變動者不做任何變更。",
        ];
        for (var i = 0; i < instructions.Length; i++)
        {
            help.Cell(i + 1, 1).Value = instructions[i];
        }

        help.Cell(1, 1).Style.Font.Bold = true;
        help.Column(1).Width = 120;

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
