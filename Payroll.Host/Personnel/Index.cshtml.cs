using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Host.Personnel;

/// <summary>
/// People, masked: search by employee number, name, unit or national ID. Each page of results is in the ledger. The
/// search and its pages are posted, never put in the address: a name or a national ID in a URL ends up in proxy logs,
/// the request log and the browser's history.
/// </summary>
[Authorize(Policy = Policies.HrClerks)]
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(Name = "q")]
    public string? Query { get; set; }

    [BindProperty(Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(Name = "p")]
    public int PageNumber { get; set; } = 1;

    public EmployeeSearchPage? Result { get; private set; }

    /// <summary>The first page of everyone; a query in the address is not read.</summary>
    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await sender.Send(new SearchEmployees(null, null, 1, 50, HttpActor.From(HttpContext)), ct);

    public async Task OnPostSearchAsync(CancellationToken ct) =>
        Result = await sender.Send(new SearchEmployees(Query, Unit, Math.Max(1, PageNumber), 50, HttpActor.From(HttpContext)), ct);

    /// <summary>Export: the workbook goes into the Vault; the browser is sent to a single-use download of it.</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        var document = await sender.Send(new ExportEmployees(Query, Unit, actor), ct);
        var grant = await sender.Send(new Payroll.Modules.Contracts.Vault.RequestDownload(document, actor), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }
}
