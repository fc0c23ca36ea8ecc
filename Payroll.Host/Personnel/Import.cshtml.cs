using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Personnel;

/// <summary>Upload the workbook; a file with any problem imports nothing and the problems are listed by row and column.</summary>
[Authorize(Policy = Policies.HrClerks)]
[RequestSizeLimit(MaxUpload + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 64 * 1024)]
public sealed class ImportModel(ISender sender) : PageModel
{
    public const long MaxUpload = 20 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Workbook { get; set; }

    [BindProperty]
    public DateOnly? EffectiveFrom { get; set; }

    /// <summary>employees (default), appraisals, discipline, units or banks.</summary>
    [BindProperty]
    public string? Kind { get; set; }

    public EmployeeImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>One entry for the page and the command line: which import, by its name.</summary>
    public static async Task<EmployeeImportResult> ImportAsync(
        ISender sender, string kind, byte[] workbook, string fileName, DateOnly? effectiveFrom, Payroll.Modules.Contracts.Actor actor, CancellationToken ct) => kind switch
    {
        "appraisals" => await sender.Send(new ImportAppraisals(workbook, fileName, actor), ct),
        "discipline" => await sender.Send(new ImportDiscipline(workbook, fileName, actor), ct),
        "units" => await sender.Send(new ImportUnits(workbook, fileName, actor), ct),
        "banks" => await sender.Send(new ImportBankCodes(workbook, fileName, actor), ct),
        "employees" => await sender.Send(new ImportEmployees(workbook, fileName, effectiveFrom ?? throw new InvalidInputException([new InputError(null, "EffectiveFrom", "the day the rows take effect is required for employees")]), actor), ct),
        _ => throw new InvalidInputException([new InputError(null, "Kind", $"'{kind}' is not one of employees, appraisals, discipline, units or banks")]),
    };

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        var bytes = await sender.Send(new GetEmployeeImportTemplate(HttpActor.From(HttpContext)), ct);
        return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "人員資料匯入範本.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Workbook is null || Workbook.Length == 0)
        {
            ModelState.AddModelError(nameof(Workbook), "請選擇要匯入的 Excel 檔案 / Choose the workbook to import.");
        }

        Kind ??= "employees";
        if (EffectiveFrom is null && Kind == "employees")
        {
            ModelState.AddModelError(nameof(EffectiveFrom), "請輸入生效日期 / Enter the effective date.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var buffer = new MemoryStream();
        await Workbook!.CopyToAsync(buffer, ct);
        Result = await ImportAsync(sender, Kind, buffer.ToArray(), Path.GetFileName(Workbook.FileName), EffectiveFrom, HttpActor.From(HttpContext), ct);
        Response.StatusCode = Result.Applied ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
