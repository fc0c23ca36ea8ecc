using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>
/// 規則與來源: every pay rule in force on a day, the law it follows, the code that applies it, and each table version it
/// reads with its source and verified state. For operators, approvers and auditors; names nobody.
/// </summary>
[Authorize(Policy = Policies.RunViewers)]
public sealed class RulesModel(ISender sender) : PageModel
{
    /// <summary>The day to show (default today in Taipei).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? Day { get; set; }

    public IReadOnlyList<RuleInForce> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Day ??= Modules.Kernel.Time.RocDate.TaipeiDate(DateTimeOffset.UtcNow);
        Rules = await sender.Send(new GetRulesInForce(Day.Value, HttpActor.From(HttpContext)), ct);
    }
}
