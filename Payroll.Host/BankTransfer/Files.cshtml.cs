using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Host.Shell;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.BankTransfer;

/// <summary>
/// The bank files of an approved run, per payer account: an operator generates them (holding people back if need be),
/// an approver who did not generate them releases them, staff download them once per grant, and the bank's result file
/// marks each payment; whoever was not paid is listed for a reissue run (started from the run's page).
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
[RequestSizeLimit(MaxUpload + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 64 * 1024)]
public sealed class FilesModel(ISender sender) : PageModel, IProblemPage
{
    /// <summary>The largest bank result file accepted (44,520 ACHP01 details are 11 MB).</summary>
    public const long MaxUpload = 64L * 1024 * 1024;

    /// <summary>How many payee problems the page lists before saying how many more there are.</summary>
    public const int ListLimit = 200;

    [BindProperty(SupportsGet = true)]
    public long Run { get; set; }

    [BindProperty]
    public string? HoldBack { get; set; }

    [BindProperty]
    public IFormFile? ReturnFile { get; set; }

    public BankGeneration? Bank { get; private set; }

    /// <summary>Payees whose check fails, shown before the first generation so the operator knows whom to hold back.</summary>
    public IReadOnlyList<PayeeProblem> PayeeProblems { get; private set; } = [];

    public IReadOnlyList<UnpaidPayment> Unpaid { get; private set; } = [];

    public BankReturnResult? ReturnResult { get; private set; }

    public IReadOnlyList<string> Problems { get; set; } = [];

    public bool IsOperator => User.IsInRole(Roles.PayrollOperator) || User.IsInRole(Roles.Admin);

    public bool IsApprover => User.IsInRole(Roles.PayrollApprover);

    /// <summary>Whether the signed-in user generated the current bank files (and so may not release them).</summary>
    public bool GeneratedByMe => Bank?.GeneratedBy == User.Identity?.Name;

    public bool Released => Bank?.ReleasedBy is not null;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAgainAsync(ct);

    public Task<IActionResult> OnPostGenerateAsync(CancellationToken ct) => ActAsync(IsOperator, actor =>
        sender.Send(new GenerateBankFiles(Run, (HoldBack ?? "").Split([',', ' ', '、', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), actor), ct).AsTask(), ct);

    public Task<IActionResult> OnPostReleaseAsync(CancellationToken ct) => ActAsync(IsApprover, actor => sender.Send(new ReleaseBankFiles(Run, actor), ct).AsTask(), ct);

    /// <summary>One bank file, downloaded once through a grant bound to this session.</summary>
    public async Task<IActionResult> OnPostFileAsync(string document, CancellationToken ct)
    {
        var bank = await sender.Send(new GetBankGeneration(Run, HttpActor.From(HttpContext)), ct);
        if (bank is null || !bank.Files.Any(f => f.DocumentId == document))
        {
            return NotFound();
        }

        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(document, HttpActor.From(HttpContext)), ct);
        return grant is null ? NotFound() : Redirect(VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    /// <summary>The bank's result file: the outcome is shown on this page.</summary>
    public async Task<IActionResult> OnPostReturnFileAsync(CancellationToken ct)
    {
        if (!(IsOperator || IsApprover))
        {
            return Forbid();
        }

        if (ReturnFile is null || ReturnFile.Length == 0)
        {
            throw new InvalidInputException([new InputError(null, "ReturnFile", "choose the bank's result file")]);
        }

        using var buffer = new MemoryStream();
        await ReturnFile.CopyToAsync(buffer, ct);
        ReturnResult = await sender.Send(new ImportBankReturn(Run, buffer.ToArray(), Path.GetFileName(ReturnFile.FileName), HttpActor.From(HttpContext)), ct);
        return await ShowAgainAsync(ct);
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Bank = await sender.Send(new GetBankGeneration(Run, HttpActor.From(HttpContext)), ct);
        if (Bank is null && IsOperator)
        {
            try
            {
                PayeeProblems = await sender.Send(new CheckBankPayees(Run, HttpActor.From(HttpContext)), ct);
            }
            catch (ConflictException notYet)
            {
                // Not approved (or already paid): what the page can say instead of the checks.
                Problems = [.. Problems, notYet.Message];
            }
        }

        Unpaid = Released ? await sender.Send(new GetUnpaidPayments(Run, HttpActor.From(HttpContext)), ct) : [];
        return Page();
    }

    private async Task<IActionResult> ActAsync(bool allowed, Func<Modules.Contracts.Actor, Task> action, CancellationToken ct)
    {
        if (!allowed)
        {
            return Forbid();
        }

        await action(HttpActor.From(HttpContext));
        return RedirectToPage("/BankTransfer/Files", new { run = Run });
    }
}
