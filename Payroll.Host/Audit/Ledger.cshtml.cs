using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Audit;

/// <summary>Ledger search for auditors and compliance officers. The search itself goes into the ledger.</summary>
[Authorize(Policy = Policies.LedgerReaders)]
public sealed class LedgerModel(ISender sender, IClock clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public LedgerFilterForm Filter { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AccessPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var today = RocDate.TaipeiDate(clock.UtcNow);
        Filter.From ??= today.AddDays(-6);
        Filter.To ??= today;
        Result = await sender.Send(new GetAccesses(Filter.ToFilter(today), Math.Max(1, PageNumber), PageSize, HttpActor.From(HttpContext)), ct);
        return Page();
    }
}
