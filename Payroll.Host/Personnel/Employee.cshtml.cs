using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Host.Personnel;

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

    [BindProperty]
    public int? AppraisalYear { get; set; }

    [BindProperty]
    public AppraisalGrade? AppraisalGrade { get; set; }

    [BindProperty]
    public DateOnly? DecidedOn { get; set; }

    public IReadOnlyList<EmployeeVersion> History { get; private set; } = [];

    public IReadOnlyList<Appraisal> Appraisals { get; private set; } = [];

    public IReadOnlyList<DisciplineRecord> Discipline { get; private set; } = [];

    [BindProperty]
    public DisciplineKind? DisciplineKind { get; set; }

    [BindProperty]
    public DisciplineBasis? DisciplineBasis { get; set; }

    [BindProperty]
    public string? DisciplineReference { get; set; }

    /// <summary>The record to withdraw, and why (<see cref="Reason"/>).</summary>
    [BindProperty]
    public long? DisciplineId { get; set; }

    public string? Unmasked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAppraisalAsync(CancellationToken ct)
    {
        if (AppraisalYear is null || AppraisalGrade is null || DecidedOn is null)
        {
            ModelState.AddModelError(nameof(AppraisalYear), "請輸入年度、考績等第與核定日期 / Enter the year, grade and decision date.");
        }
        else
        {
            try
            {
                var year = AppraisalYear.Value < 1912 ? AppraisalYear.Value + Payroll.Modules.Kernel.Time.RocDate.Offset : AppraisalYear.Value;
                await sender.Send(new SaveAppraisal(EmployeeNo, year, AppraisalGrade.Value, DecidedOn.Value, HttpActor.From(HttpContext)), ct);
            }
            catch (Payroll.Modules.Kernel.Validation.InvalidInputException invalid)
            {
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(error.Field, error.ToString());
                }
            }
        }

        var page = await ShowAsync(ct);
        if (!ModelState.IsValid && page is PageResult)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        History = await sender.Send(new GetEmployeeHistory(EmployeeNo, actor), ct);
        if (History.Count == 0)
        {
            return NotFound();
        }

        Appraisals = await sender.Send(new GetEmployeeAppraisals(EmployeeNo, actor), ct);
        Discipline = await sender.Send(new GetEmployeeDiscipline(EmployeeNo, actor), ct);
        return Page();
    }

    /// <summary>Records a merit, demerit or sanction (獎懲).</summary>
    public Task<IActionResult> OnPostDisciplineAsync(CancellationToken ct) => WriteAsync(
        DisciplineKind is null || DisciplineBasis is null || DecidedOn is null ? "請選擇獎懲種類、依據並輸入核定日期 / Choose the kind and basis and enter the date." : null,
        () => sender.Send(new RecordDiscipline(EmployeeNo, DisciplineKind!.Value, DisciplineBasis!.Value, DecidedOn!.Value, DisciplineReference ?? "", HttpActor.From(HttpContext)), ct).AsTask(),
        ct);

    /// <summary>Withdraws a record (撤銷), with the reason; the record stays, marked, and the change is logged.</summary>
    public Task<IActionResult> OnPostWithdrawDisciplineAsync(CancellationToken ct) => WriteAsync(
        DisciplineId is null || string.IsNullOrWhiteSpace(Reason) ? "請說明撤銷原因 / State why the record is withdrawn." : null,
        async () =>
        {
            var record = (await sender.Send(new GetEmployeeDiscipline(EmployeeNo, HttpActor.From(HttpContext)), ct)).FirstOrDefault(d => d.Id == DisciplineId)
                ?? throw new Payroll.Modules.Kernel.Errors.NotFoundException("discipline record", DisciplineId!.Value);
            await sender.Send(new CorrectDiscipline(record.Id, record.Kind, record.Basis, record.DecidedOn, record.Reference, true, Reason!, HttpActor.From(HttpContext)), ct);
        },
        ct);

    private async Task<IActionResult> WriteAsync(string? missing, Func<Task> write, CancellationToken ct)
    {
        if (missing is not null)
        {
            ModelState.AddModelError(nameof(DisciplineKind), missing);
        }
        else
        {
            try
            {
                await write();
            }
            catch (Payroll.Modules.Kernel.Validation.InvalidInputException invalid)
            {
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(error.Field, error.ToString());
                }
            }
        }

        var page = await ShowAsync(ct);
        if (!ModelState.IsValid && page is PageResult)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
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

        var page = await ShowAsync(ct);
        if (!ModelState.IsValid && page is PageResult)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }
}
