using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Audit;

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
        // A value that is not a number (or not positive) is refused by name, never quietly read as the first page.
        var badId = Id <= 0 || ModelState.GetFieldValidationState("id") == ModelValidationState.Invalid;
        var badPage = PageNumber <= 0 || ModelState.GetFieldValidationState("p") == ModelValidationState.Invalid;
        if (badId || badPage)
        {
            ModelState.Clear();
            if (badId)
            {
                ModelState.AddModelError("id", "「人員編號」須為正整數 / The person id must be a positive number.");
            }

            if (badPage)
            {
                ModelState.AddModelError("p", "「頁次」須為正整數 / The page must be a positive number.");
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var filter = new AccessFilter(DateTimeOffset.UnixEpoch, clock.UtcNow.AddMinutes(1), [], false, [], [], null, Id, null);
        Result = await sender.Send(new GetAccesses(filter, PageNumber, LedgerModel.PageSize, HttpActor.From(HttpContext)), ct);
        return Page();
    }
}
