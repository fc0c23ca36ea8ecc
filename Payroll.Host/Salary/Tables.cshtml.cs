using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Validation;
using Payroll.Host.Shell;

namespace Payroll.Host.Salary;

/// <summary>
/// The reference tables (俸額表, allowances, rates, withholding parameters), every version with its source and whether it
/// was checked; an administrator downloads one as a workbook, edits it and uploads it as a new version.
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
[RequestSizeLimit(MaxUpload + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 64 * 1024)]
public sealed class TablesModel(ISender sender) : PageModel, IProblemPage
{
    public const long MaxUpload = 5 * 1024 * 1024;

    public IReadOnlyList<ReferenceTableInfo> Tables { get; private set; } = [];

    [BindProperty]
    public IFormFile? Workbook { get; set; }

    public IReadOnlyList<string> Problems { get; set; } = [];

    public ReferenceTableInfo? Loaded { get; private set; }

    public ReferenceTableInfo? JustVerified { get; private set; }

    /// <summary>The official document an administrator compared a version with.</summary>
    [BindProperty]
    public IFormFile? Document { get; set; }

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public async Task OnGetAsync(CancellationToken ct) => Tables = await sender.Send(new ListReferenceTables(HttpActor.From(HttpContext)), ct);

    public async Task<IActionResult> OnGetWorkbookAsync(long id, CancellationToken ct) =>
        await sender.Send(new GetReferenceTableWorkbook(id, HttpActor.From(HttpContext)), ct) is { } book
            ? File(book.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", book.FileName)
            : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (Workbook is null || Workbook.Length == 0)
        {
            throw new InvalidInputException([new InputError(null, "Workbook", "請選擇檔案 / Choose the workbook")]);
        }

        using var buffer = new MemoryStream();
        await Workbook.CopyToAsync(buffer, ct);
        Loaded = await sender.Send(new ImportReferenceTable(buffer.ToArray(), Path.GetFileName(Workbook.FileName), HttpActor.From(HttpContext)), ct);
        return await ShowAgainAsync(ct);
    }

    /// <summary>Marks version <paramref name="id"/> verified against the uploaded official document (its hash is recorded).</summary>
    public async Task<IActionResult> OnPostVerifyAsync(long id, CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (Document is null || Document.Length == 0)
        {
            throw new InvalidInputException([new InputError(null, "Document", "請選擇官方公告文件 / Choose the official document")]);
        }

        using var buffer = new MemoryStream();
        await Document.CopyToAsync(buffer, ct);
        JustVerified = await sender.Send(new VerifyReferenceTable(id, buffer.ToArray(), HttpActor.From(HttpContext)), ct);
        return await ShowAgainAsync(ct);
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Tables = await sender.Send(new ListReferenceTables(HttpActor.From(HttpContext)), ct);
        return Page();
    }
}
