using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Host.Pages.Personnel;

/// <summary>One person: the current record (masked) and every version. Unmasking one field needs a reason and is recorded.</summary>
[Authorize(Policy = Policies.HrClerks)]
public sealed class EmployeeModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "no")]
    public string EmployeeNo { get; set; } = "";

    [BindProperty]
    public UnmaskableField Field { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<EmployeeVersion> History { get; private set; } = [];

    public string? Unmasked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        History = await sender.Send(new GetEmployeeHistory(EmployeeNo, HttpActor.From(HttpContext)), ct);
        return History.Count == 0 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostUnmaskAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length < 4)
        {
            ModelState.AddModelError(nameof(Reason), "請說明調閱原因（至少 4 個字） / State a reason (at least 4 characters).");
        }
        else
        {
            Unmasked = await sender.Send(new UnmaskEmployeeField(EmployeeNo, Field, Reason, HttpActor.From(HttpContext)), ct);
        }

        History = await sender.Send(new GetEmployeeHistory(EmployeeNo, HttpActor.From(HttpContext)), ct);
        if (History.Count == 0)
        {
            return NotFound();
        }

        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Page();
    }
}
