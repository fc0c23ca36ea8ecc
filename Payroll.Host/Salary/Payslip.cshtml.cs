using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Salary;

/// <summary>
/// A payslip with every line explained. An employee sees their own (the person from the session); naming someone else
/// in the URL is refused with a 404 and recorded. Payroll staff and auditors name the person. The PDF is made into the Vault and downloaded once.
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
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    /// <summary>
    /// The person named in the URL, else the session's own. Whether the reader may see that person's payslip is the
    /// Salary module's decision: an employee naming anyone else gets a 404, and the attempt is in the ledger.
    /// </summary>
    private long Person() => EmployeeId ?? HttpActor.From(HttpContext).EmployeeId ?? 0;
}
