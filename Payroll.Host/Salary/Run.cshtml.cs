using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Validation;

using Payroll.Host.Shell;

namespace Payroll.Host.Salary;

/// <summary>
/// One run: progress while it calculates (the page reloads itself, no script), then totals per unit, the chart against
/// last month, exceptions, checks and versions; operators rerun or cancel, an approver who did not prepare it approves.
/// Once approved: the bank files per payer account — an operator generates them (holding people back if need be), an
/// approver who did not generate them releases them, staff download them once per grant, and the bank's result file
/// marks each payment; whoever was not paid is the input of a reissue run.
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
[RequestSizeLimit(MaxUpload + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 64 * 1024)]
public sealed class RunModel(ISender sender) : PageModel
{
    /// <summary>The largest bank result file accepted (44,520 ACHP01 details are 11 MB).</summary>
    public const long MaxUpload = 64L * 1024 * 1024;

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

    [BindProperty]
    public string? HoldBack { get; set; }

    [BindProperty]
    public IFormFile? ReturnFile { get; set; }

    public PayrollRunSummary? Summary { get; private set; }

    public BankGeneration? Bank { get; private set; }

    /// <summary>Payees whose check fails, shown before the first generation so the operator knows whom to hold back.</summary>
    public IReadOnlyList<PayeeProblem> PayeeProblems { get; private set; } = [];

    public IReadOnlyList<UnpaidPayment> Unpaid { get; private set; } = [];

    public BankReturnResult? ReturnResult { get; private set; }

    /// <summary>Whether the signed-in user generated the current bank files (and so may not release them).</summary>
    public bool GeneratedByMe => Bank?.GeneratedBy == User.Identity?.Name;

    public PayrollRunDetail? Detail { get; private set; }

    public GrossChart? Chart { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public bool IsOperator => User.IsInRole(Roles.PayrollOperator) || User.IsInRole(Roles.Admin);

    public bool IsApprover => User.IsInRole(Roles.PayrollApprover);

    /// <summary>Whether the signed-in user started or reran the run (and so may not approve it).</summary>
    public bool PreparedByMe => Detail?.Versions.Any(v => v.RequestedBy == User.Identity?.Name) == true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRerunAsync(CancellationToken ct) => ActAsync(IsOperator, actor =>
        sender.Send(new RerunPayroll(Id, (Units ?? "").Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), EmployeeNo, actor), ct).AsTask(), ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => ActAsync(IsApprover, actor => sender.Send(new ApprovePayrollRun(Id, actor), ct).AsTask(), ct);

    /// <summary>The register of one unit (or of all): made into the Vault, then downloaded once through a grant.</summary>
    public async Task<IActionResult> OnPostRegisterAsync(string? unit, CancellationToken ct)
    {
        if (await sender.Send(new GetPayrollRunSummary(Id), ct) is null)
        {
            return NotFound();
        }

        var actor = HttpActor.From(HttpContext);
        RegisterExport? export = null;
        Problems = await PageProblems.TryAsync(async () => export = await sender.Send(new ExportPayrollRegister(Id, unit is { Length: > 0 } ? [unit] : [], actor), ct));
        if (export is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(export.DocumentId, actor), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    public Task<IActionResult> OnPostGenerateBankAsync(CancellationToken ct) => ActAsync(IsOperator, actor =>
        sender.Send(new GenerateBankFiles(Id, (HoldBack ?? "").Split([',', ' ', '、', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), actor), ct).AsTask(), ct);

    public Task<IActionResult> OnPostReleaseBankAsync(CancellationToken ct) => ActAsync(IsApprover, actor => sender.Send(new ReleaseBankFiles(Id, actor), ct).AsTask(), ct);

    /// <summary>One bank file, downloaded once through a grant bound to this session.</summary>
    public async Task<IActionResult> OnPostBankFileAsync(string document, CancellationToken ct)
    {
        var bank = await sender.Send(new GetBankGeneration(Id), ct);
        if (bank is null || !bank.Files.Any(f => f.DocumentId == document))
        {
            return NotFound();
        }

        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(document, HttpActor.From(HttpContext)), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    /// <summary>The bank's result file: the outcome is shown on the page it was sent from.</summary>
    public async Task<IActionResult> OnPostReturnFileAsync(CancellationToken ct)
    {
        if (!(IsOperator || IsApprover))
        {
            return Forbid();
        }

        if (ReturnFile is null || ReturnFile.Length == 0)
        {
            Problems = ["「ReturnFile」：choose the bank's result file"];
        }
        else
        {
            try
            {
                using var buffer = new MemoryStream();
                await ReturnFile.CopyToAsync(buffer, ct);
                ReturnResult = await sender.Send(new ImportBankReturn(Id, buffer.ToArray(), Path.GetFileName(ReturnFile.FileName), HttpActor.From(HttpContext)), ct);
                return await LoadAsync(ct) ? Page() : NotFound();
            }
            catch (InvalidInputException ex)
            {
                Problems = ex.Errors.Select(e => e.ToString()).ToList();
            }
            catch (InvalidOperationException ex)
            {
                Problems = [ex.Message];
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>An off-cycle run that pays again whom this run could not pay.</summary>
    public async Task<IActionResult> OnPostReissueAsync(CancellationToken ct)
    {
        if (!IsOperator)
        {
            return Forbid();
        }

        RunPlan? plan = null;
        Problems = await PageProblems.TryAsync(async () =>
        {
            var summary = await sender.Send(new GetPayrollRunSummary(Id), ct);
            plan = await sender.Send(new StartPayrollRun(summary?.Period ?? "", RunKind.OffCycle, [], HttpActor.From(HttpContext), Id), ct);
        });
        if (plan is not null)
        {
            return RedirectToPage("/Salary/Run", new { id = plan.RunId });
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) => ActAsync(IsOperator, actor => sender.Send(new CancelPayrollRun(Id, Reason ?? "", actor), ct).AsTask(), ct);

    private async Task<IActionResult> ActAsync(bool allowed, Func<Modules.Contracts.Actor, Task> action, CancellationToken ct)
    {
        if (!allowed)
        {
            return Forbid();
        }

        Problems = await PageProblems.TryAsync(() => action(HttpActor.From(HttpContext)));
        if (Problems.Count == 0)
        {
            return RedirectToPage("/Salary/Run", new { id = Id });
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Summary = await sender.Send(new GetPayrollRunSummary(Id), ct);
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

        if (Summary.State is RunState.Approved or RunState.Paid or RunState.Closed)
        {
            Bank = await sender.Send(new GetBankGeneration(Id), ct);
            if (Bank is null && Summary.State == RunState.Approved && IsOperator)
            {
                PayeeProblems = await sender.Send(new CheckBankPayees(Id), ct);
            }

            Unpaid = Summary.State == RunState.Approved ? [] : await sender.Send(new GetUnpaidPayments(Id), ct);
        }

        return true;
    }
}
