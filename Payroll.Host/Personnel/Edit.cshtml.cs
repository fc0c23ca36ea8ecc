using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Personnel;

/// <summary>A change with its effective date and reason: a new version; the old ones stay in the history.</summary>
[Authorize(Policy = Policies.HrClerks)]
public sealed class EditModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "no")]
    public string EmployeeNo { get; set; } = "";

    [BindProperty]
    public DateOnly? EffectiveFrom { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public int? Grade { get; set; }

    [BindProperty]
    public int? SalaryPoints { get; set; }

    [BindProperty]
    public string? BankCode { get; set; }

    [BindProperty]
    public string? BranchCode { get; set; }

    /// <summary>Empty: unchanged (the current account is never sent to the browser).</summary>
    [BindProperty]
    public string? BankAccount { get; set; }

    [BindProperty]
    public EmploymentStatus? Status { get; set; }

    [BindProperty]
    public DateOnly? StatusDate { get; set; }

    public EmployeeVersion? Current { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var history = await sender.Send(new GetEmployeeHistory(EmployeeNo, HttpActor.From(HttpContext)), ct);
        if (history.Count == 0)
        {
            return NotFound();
        }

        Current = history[0];
        UnitCode = Current.UnitCode;
        Grade = Current.Grade;
        SalaryPoints = Current.SalaryPoints;
        BankCode = Current.BankCode;
        BranchCode = Current.BranchCode;
        Status = Current.Status;
        StatusDate = Current.StatusDate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (EffectiveFrom is null)
        {
            ModelState.AddModelError(nameof(EffectiveFrom), "請輸入生效日期 / Enter the effective date.");
        }

        if (ModelState.IsValid)
        {
            try
            {
                var changes = new EmployeeChanges(
                    UnitCode: Blank(UnitCode), Grade: Grade, SalaryPoints: SalaryPoints, BankCode: Blank(BankCode), BranchCode: Blank(BranchCode),
                    BankAccount: Blank(BankAccount), Status: Status, StatusDate: StatusDate);
                var saved = await sender.Send(new ChangeEmployee(EmployeeNo, EffectiveFrom!.Value, Reason ?? "", changes, HttpActor.From(HttpContext)), ct);
                return saved.PendingChangeId is { } pending
                    ? RedirectToPage("/Personnel/Pending", new { made = pending })
                    : RedirectToPage("/Personnel/Employee", new { no = EmployeeNo });
            }
            catch (InvalidInputException invalid)
            {
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(error.Field, $"「{error.Field}」：{error.Message}");
                }
            }
        }

        Current = (await sender.Send(new GetEmployeeHistory(EmployeeNo, HttpActor.From(HttpContext)), ct)).FirstOrDefault();
        if (Current is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
