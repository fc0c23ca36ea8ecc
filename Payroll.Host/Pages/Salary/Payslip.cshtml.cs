using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Pages.Salary;

/// <summary>
/// A payslip with every line explained. An employee always sees their own (the person comes from the session, not the
/// URL); payroll staff and auditors name the person. The PDF is made into the Vault and downloaded once.
/// </summary>
public sealed class PayslipModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "run")]
    public long RunId { get; set; }

    [BindProperty(SupportsGet = true, Name = "employee")]
    public long? EmployeeId { get; set; }

    public PayslipView? Payslip { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Payslip = await sender.Send(new GetPayslip(RunId, Person(), HttpActor.From(HttpContext)), ct);
        return Payslip is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostPdfAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        var document = await sender.Send(new RenderPayslipPdf(RunId, Person(), actor), ct);
        var grant = document is null ? null : await sender.Send(new RequestDownload(document, actor), ct);
        return grant is null ? NotFound() : Redirect(Endpoints.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    private long Person()
    {
        var staff = User.IsInRole(Roles.PayrollOperator) || User.IsInRole(Roles.PayrollApprover) || User.IsInRole(Roles.Auditor) || User.IsInRole(Roles.Admin);
        return staff && EmployeeId is { } named ? named : HttpActor.From(HttpContext).EmployeeId ?? 0;
    }
}
