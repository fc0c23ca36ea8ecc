using Payroll.Modules.Kernel.Documents;
using ClosedXML.Excel;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Exports go through the Vault: the workbook is stored encrypted with its people, never handed out directly.</summary>
internal sealed class ExportEmployeesHandler(ISender sender) : IRequestHandler<ExportEmployees, string>
{
    private const int PageSize = 200;

    public async ValueTask<string> Handle(ExportEmployees request, CancellationToken cancellationToken)
    {
        var people = new List<EmployeeListItem>();
        for (var page = 1; ; page++)
        {
            var result = await sender.Send(new SearchEmployees(request.Query, request.UnitCode, page, PageSize, request.Actor), cancellationToken);
            people.AddRange(result.Items);
            if (!result.HasMore)
            {
                break;
            }
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人員清冊");
        string[] headings = ["員工編號", "姓名", "身分證號（遮罩）", "發薪單位", "單位名稱", "人員類別", "職等", "狀態"];
        for (var i = 0; i < headings.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = headings[i];
            sheet.Cell(1, i + 1).Style.Font.Bold = true;
        }

        var row = 2;
        foreach (var p in people)
        {
            sheet.Cell(row, 1).SetText(p.EmployeeNo);
            sheet.Cell(row, 2).SetText(p.Name);
            sheet.Cell(row, 3).SetText(p.NationalIdMasked);
            sheet.Cell(row, 4).SetText(p.UnitCode);
            sheet.Cell(row, 5).SetText(p.UnitName);
            sheet.Cell(row, 6).SetValue(p.Category.ToString());
            if (p.Grade is { } grade)
            {
                sheet.Cell(row, 7).SetValue(grade);
            }

            sheet.Cell(row, 8).SetValue(p.Status.ToString());
            row++;
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        var stored = await sender.Send(new StoreDocument(
            "personnel-export", "Personnel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "personnel-export.xlsx", stream.ToArray(),
            people.Select(p => p.EmployeeId).ToList(), ["name", "national-id-masked", "grade"], request.Actor), cancellationToken);
        return stored.DocumentId;
    }
}
