using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>
/// What a rerun changed against the results it replaced, by person and line, a page of people at a time (a first
/// calculation changes everyone); each page viewed is recorded in the ledger with the people on it.
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
public sealed class ChangesModel(ISender sender) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "v")]
    public int Version { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RunVersionChanges? Result { get; private set; }

    public IReadOnlyList<PayslipChange> Changes => Result?.Changes ?? [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A page that is not a positive number is refused by name, never quietly read as the first page.
        if (PageNumber <= 0 || ModelState.GetFieldValidationState("p") == ModelValidationState.Invalid)
        {
            ModelState.Clear();
            ModelState.AddModelError("p", "「頁次」須為正整數 / The page must be a positive number.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = await sender.Send(new GetRunVersionChanges(Id, Version, HttpActor.From(HttpContext), PageNumber, PageSize), ct);
        return Page();
    }
}
