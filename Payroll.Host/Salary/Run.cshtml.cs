using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Errors;

using Payroll.Host.Shell;

namespace Payroll.Host.Salary;

/// <summary>
/// One run: progress while it calculates (the page reloads itself, no script), then totals per unit, the chart against
/// last month, exceptions, checks and versions; operators rerun or cancel, an approver who did not prepare it approves.
/// Once approved, the run's bank files are on their own page (BankTransfer/Files); once paid, an operator starts the
/// reissue run for whoever the bank did not pay.
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
public sealed class RunModel(ISender sender) : PageModel, IProblemPage
{
    /// <summary>How many exceptions and checks a page lists before saying how many more there are.</summary>
    public const int ListLimit = 200;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Units { get; set; }

    [BindProperty]
    public string? EmployeeNo { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The unverified tables the approver ticked, by name.</summary>
    [BindProperty]
    public List<string> Acknowledged { get; set; } = [];

    public PayrollRunSummary? Summary { get; private set; }


    public PayrollRunDetail? Detail { get; private set; }

    public GrossChart? Chart { get; private set; }

    public IReadOnlyList<string> Problems { get; set; } = [];

    public bool IsOperator => User.IsInRole(Roles.PayrollOperator) || User.IsInRole(Roles.Admin);

    public bool IsApprover => User.IsInRole(Roles.PayrollApprover);

    /// <summary>Whether the signed-in user started or reran the run (and so may not approve it).</summary>
    public bool PreparedByMe => Detail?.Versions.Any(v => v.RequestedBy == User.Identity?.Name) == true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRerunAsync(CancellationToken ct) => ActAsync(IsOperator, actor =>
        sender.Send(new RerunPayroll(Id, (Units ?? "").Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), EmployeeNo, actor), ct).AsTask(), ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => ActAsync(IsApprover, actor => sender.Send(new ApprovePayrollRun(Id, actor, Acknowledged), ct).AsTask(), ct);

    /// <summary>The register of one unit (or of all): made into the Vault, then downloaded once through a grant.</summary>
    public async Task<IActionResult> OnPostRegisterAsync(string? unit, CancellationToken ct)
    {
        if (await sender.Send(new GetPayrollRunSummary(Id, HttpActor.From(HttpContext)), ct) is null)
        {
            return NotFound();
        }

        var actor = HttpActor.From(HttpContext);
        var export = await sender.Send(new ExportPayrollRegister(Id, unit is { Length: > 0 } ? [unit] : [], actor), ct);
        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(export.DocumentId, actor), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    /// <summary>The employer's costs of every salary paid in the month this run is paid in, for the accounting office.</summary>
    public async Task<IActionResult> OnPostCostsAsync(CancellationToken ct)
    {
        if (await sender.Send(new GetPayrollRunSummary(Id, HttpActor.From(HttpContext)), ct) is not { } summary)
        {
            return NotFound();
        }

        var actor = HttpActor.From(HttpContext);
        var payDay = summary.PayDate ?? DateOnly.ParseExact(summary.Period + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var export = await sender.Send(new ExportEmployerCosts(payDay.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), [], actor), ct);
        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(export.DocumentId, actor), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    /// <summary>An off-cycle run that pays again whom this run could not pay.</summary>
    public async Task<IActionResult> OnPostReissueAsync(CancellationToken ct)
    {
        if (!IsOperator)
        {
            return Forbid();
        }

        var summary = await sender.Send(new GetPayrollRunSummary(Id, HttpActor.From(HttpContext)), ct) ?? throw new NotFoundException("payroll run", Id);
        var plan = await sender.Send(new StartPayrollRun(summary.Period, RunKind.OffCycle, [], HttpActor.From(HttpContext), Id), ct);
        return RedirectToPage("/Salary/Run", new { id = plan.RunId });
    }

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) => ActAsync(IsOperator, actor => sender.Send(new CancelPayrollRun(Id, Reason ?? "", actor), ct).AsTask(), ct);

    private async Task<IActionResult> ActAsync(bool allowed, Func<Modules.Contracts.Actor, Task> action, CancellationToken ct)
    {
        if (!allowed)
        {
            return Forbid();
        }

        await action(HttpActor.From(HttpContext));
        return RedirectToPage("/Salary/Run", new { id = Id });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Summary = await sender.Send(new GetPayrollRunSummary(Id, HttpActor.From(HttpContext)), ct);
        if (Summary is null)
        {
            return false;
        }

        // While the first version calculates there is nothing to show but progress (and nobody to record as seen).
        if (Summary.Version > 0)
        {
            Detail = await sender.Send(new GetPayrollRun(Id, HttpActor.From(HttpContext)), ct);
            Chart = Detail is { PreviousRunId: not null } ? new GrossChart(Detail.Units, Detail.GrossChangeLimit) : null;
        }

        return true;
    }
}
