using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;
using Payroll.Host.Shell;

namespace Payroll.Host.Salary;

/// <summary>The latest payroll runs, and (for operators) a form to start one: the same jobs as the monthly schedule.</summary>
[Authorize(Policy = Policies.RunViewers)]
public sealed class RunsModel(ISender sender) : PageModel, IProblemPage
{
    public IReadOnlyList<PayrollRunSummary> Runs { get; private set; } = [];

    /// <summary>The cursor of this page (from the previous one) and of the next, when older runs follow.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public string? Next { get; private set; }

    [BindProperty]
    public string? Period { get; set; }

    [BindProperty]
    public string? Units { get; set; }

    [BindProperty]
    public RunKind Kind { get; set; } = RunKind.Regular;

    public IReadOnlyList<string> Problems { get; set; } = [];

    public const int PageSize = 50;

    public bool CanStart => User.IsInRole(Roles.PayrollOperator) || User.IsInRole(Roles.Admin);

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        // A refused cursor is not used again: the page shows the newest runs with the problem.
        After = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var next = Modules.Kernel.Time.RocDate.TaipeiDate(DateTimeOffset.UtcNow).AddMonths(1);
        Period ??= $"{next.Year:0000}-{next.Month:00}";
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var page = await sender.Send(new ListPayrollRuns(HttpActor.From(HttpContext), PageSize, After: After), ct);
        (Runs, Next) = (page.Runs, page.Next);
    }

    /// <summary>The day the run is paid (optional; default the period's first day).</summary>
    [BindProperty]
    public DateOnly? PayDate { get; set; }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (!CanStart)
        {
            return Forbid();
        }

        var units = (Units ?? "").Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var plan = await sender.Send(new StartPayrollRun(Period ?? "", Kind, units, HttpActor.From(HttpContext), PayDate: PayDate), ct);
        return RedirectToPage("/Salary/Run", new { id = plan.RunId });
    }
}
