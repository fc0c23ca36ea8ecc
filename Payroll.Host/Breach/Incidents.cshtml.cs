using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Breach;
using Payroll.Host.Shell;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Breach;

/// <summary>Incidents, newest first, and (for compliance officers) recording a new one: the first minute of the response.</summary>
[Authorize(Policy = Policies.BreachReaders)]
public sealed class IncidentsModel(ISender sender) : PageModel, IProblemPage
{
    public IReadOnlyList<IncidentSummary> Incidents { get; private set; } = [];

    [BindProperty]
    public string? Title { get; set; }

    /// <summary>Taipei local time from the form's datetime-local field.</summary>
    [BindProperty]
    public DateTime? AwareAt { get; set; }

    [BindProperty]
    public int Level { get; set; } = 2;

    [BindProperty]
    public BreachRuleSet RuleSet { get; set; } = BreachRuleSet.Pdpa;

    public IReadOnlyList<string> Problems { get; set; } = [];

    public bool IsOfficer => User.IsInRole(Roles.ComplianceOfficer);

    public async Task OnGetAsync(CancellationToken ct) => Incidents = await sender.Send(new ListIncidents(HttpActor.From(HttpContext)), ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!IsOfficer)
        {
            return Forbid();
        }

        var aware = AwareAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), RocDate.TaipeiOffset) : DateTimeOffset.UtcNow;
        var id = await sender.Send(new CreateIncident(new IncidentInput(Title ?? "", aware, Level, RuleSet), HttpActor.From(HttpContext)), ct);
        return RedirectToPage("/Breach/Incident", new { id });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Incidents = await sender.Send(new ListIncidents(HttpActor.From(HttpContext)), ct);
        return Page();
    }
}
