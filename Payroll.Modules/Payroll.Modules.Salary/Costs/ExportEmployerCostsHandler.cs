using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Salary.Costs;

/// <summary>Writes a month's cost workbook, keeps it in the Vault with everyone in it as a subject, and records the export.</summary>
internal sealed class ExportEmployerCostsHandler(EmployerCostReader reader, ISender sender, IClock clock) : IRequestHandler<ExportEmployerCosts, EmployerCostExport>
{
    private static readonly string[] Categories = ["name", "salary"];

    public async ValueTask<EmployerCostExport> Handle(ExportEmployerCosts request, CancellationToken cancellationToken)
    {
        var data = await reader.ReadAsync(request, cancellationToken);
        var taipei = RocDate.InTaipei(clock.UtcNow);
        var scope = request.UnitCodes.Count switch { 0 => "全部單位", 1 => request.UnitCodes[0], var n => string.Create(CultureInfo.InvariantCulture, $"{n} 個單位") };
        var title = string.Create(CultureInfo.InvariantCulture, $"{scope}　中華民國{RocDate.RocYear(data.Month.Start)}年{data.Month.Month}月支付薪資　機關負擔明細（依預算科目）");
        var footer = $"製表人：{request.Actor.Name}　製表時間：{RocDate.FormatOfficial(DateOnly.FromDateTime(taipei.DateTime))} {taipei:HH:mm}　本表含個人資料，依個人資料保護法保管，不得外流。";
        var content = EmployerCostWorkbook.Write(data, title, footer);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"employer-costs-{data.Month}-{(request.UnitCodes.Count == 1 ? request.UnitCodes[0] : request.UnitCodes.Count == 0 ? "all" : "units")}.xlsx");
        var stored = await sender.Send(new StoreDocument(
            "employer-costs", "Salary", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName, content,
            data.SubjectIds, Categories, request.Actor), cancellationToken);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.Export, stored.DocumentId, $"/payroll/costs/{data.Month}", [], Categories, AccessOutcome.Allowed), cancellationToken);
        return new EmployerCostExport(stored.DocumentId, fileName, data.Units.Select(u => u.Unit).ToList(), content);
    }
}
