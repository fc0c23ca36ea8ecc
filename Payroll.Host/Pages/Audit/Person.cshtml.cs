using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Pages.Audit;

/// <summary>One person's access history: every recorded read that showed their data, and refused attempts.</summary>
[Authorize(Policy = Policies.LedgerReaders)]
public sealed class PersonModel(ISender sender, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AccessPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id <= 0)
        {
            ModelState.AddModelError(nameof(Id), "「人員編號」須為正整數 / The person id must be a positive number.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var filter = new AccessFilter(DateTimeOffset.UnixEpoch, clock.UtcNow.AddMinutes(1), [], false, [], [], null, Id, null);
        Result = await sender.Send(new GetAccesses(filter, Math.Max(1, PageNumber), LedgerModel.PageSize, HttpActor.From(HttpContext)), ct);
        return Page();
    }
}
