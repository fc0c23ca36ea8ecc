using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Host.Pages.Personnel;

/// <summary>People, masked: search by employee number, name, unit or national ID. Each page of results is in the ledger.</summary>
[Authorize(Policy = Policies.HrClerks)]
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public EmployeeSearchPage? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await sender.Send(new SearchEmployees(Query, Unit, PageNumber, 50, HttpActor.From(HttpContext)), ct);
}
