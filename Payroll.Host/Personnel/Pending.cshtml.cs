using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Personnel;

/// <summary>
/// Changes waiting for a second HR clerk: each with the fields before and after, who made it and why it waits. Another
/// clerk approves or rejects (with a note); the maker's own changes are refused by the rule, not hidden by the page.
/// </summary>
[Authorize(Policy = Policies.HrClerks)]
public sealed class PendingModel(ISender sender) : PageModel
{
    /// <summary>The change just made (from the edit page), to say that it waits.</summary>
    [BindProperty(SupportsGet = true, Name = "made")]
    public long? Made { get; set; }

    [BindProperty(SupportsGet = true, Name = "batch")]
    public string? Batch { get; set; }

    public IReadOnlyList<PendingChange> Changes { get; private set; } = [];

    public PendingDecision? Decision { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDecideAsync(long[] ids, string? batch, bool approve, string? note, CancellationToken ct)
    {
        try
        {
            Decision = await sender.Send(new DecidePendingChanges(ids, string.IsNullOrWhiteSpace(batch) ? null : batch, approve, note, HttpActor.From(HttpContext)), ct);
        }
        catch (InvalidInputException invalid)
        {
            foreach (var error in invalid.Errors)
            {
                ModelState.AddModelError(error.Field, error.ToString());
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Changes = await sender.Send(new GetPendingChanges(true, string.IsNullOrWhiteSpace(Batch) ? null : Batch, HttpActor.From(HttpContext)), ct);
}
