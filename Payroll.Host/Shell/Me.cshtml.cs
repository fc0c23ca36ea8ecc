using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Host.Shell;

/// <summary>An employee's own record: the person comes from the session, so there is nothing to change in a URL to see someone else.</summary>
[Authorize(Roles = Roles.Employee)]
public sealed class MeModel(ISender sender) : PageModel
{
    public IReadOnlyList<EmployeeVersion> History { get; private set; } = [];

    public IReadOnlyList<Appraisal> Appraisals { get; private set; } = [];

    public IReadOnlyList<DisciplineRecord> Discipline { get; private set; } = [];

    public IReadOnlyList<Payroll.Modules.Contracts.Salary.PayslipSummary> Payslips { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        History = await sender.Send(new GetMyRecord(actor), ct);
        Appraisals = await sender.Send(new GetMyAppraisals(actor), ct);
        Discipline = await sender.Send(new GetMyDiscipline(actor), ct);
        Payslips = await sender.Send(new Payroll.Modules.Contracts.Salary.GetMyPayslips(actor), ct);
    }
}
