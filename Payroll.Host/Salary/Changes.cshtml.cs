using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>What a rerun changed against the results it replaced, by person and line (recorded in the ledger).</summary>
[Authorize(Policy = Policies.RunViewers)]
public sealed class ChangesModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "v")]
    public int Version { get; set; }

    public IReadOnlyList<PayslipChange> Changes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Changes = await sender.Send(new GetRunVersionChanges(Id, Version, HttpActor.From(HttpContext)), ct);
}
