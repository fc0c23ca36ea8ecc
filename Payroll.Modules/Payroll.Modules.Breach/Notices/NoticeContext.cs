using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

/// <summary>Everything a notice needs: the incident, its templates, its current affected set and people, and the statutory problems.</summary>
internal sealed class NoticeContext(IncidentStore incidents, AffectedSetStore sets, NoticeStore store)
{
    public async Task<(IncidentDetail Incident, IReadOnlyList<NoticeTemplate> Templates, IReadOnlyList<AffectedPerson> People, List<string> Problems)> LoadAsync(long incidentId, CancellationToken ct)
    {
        var incident = await incidents.ReadAsync(incidentId, sets, ct) ?? throw new NotFoundException("incident", incidentId);
        var templates = await store.TemplatesAsync(incidentId, ct);
        var people = incident.CurrentSet is { } set ? await sets.PeopleAsync(set.SetId, ct) : [];
        var problems = NoticeText.Problems(incident, templates).ToList();
        var bare = people.Where(p => p.Categories.Count == 0).Select(p => p.EmployeeNo).ToList();
        if (bare.Count > 0)
        {
            problems.Add($"{bare.Count} 人沒有被外洩之個資類別（{string.Join("、", bare.Take(10))}{(bare.Count > 10 ? "…" : "")}）：通知須告知當事人其被外洩之資料");
        }

        if (incident.CurrentSet is not null && people.Count == 0)
        {
            problems.Add("受影響者名單為空");
        }

        return (incident, templates, people, problems);
    }

    /// <summary>For one notice: the incident, its templates, and the person's own exposed categories in the notice's set (not the whole set).</summary>
    public async Task<(IncidentDetail Incident, IReadOnlyList<NoticeTemplate> Templates, IReadOnlyList<string>? Categories)> LoadOneAsync(long incidentId, long setId, long? employeeId, CancellationToken ct)
    {
        var incident = await incidents.ReadAsync(incidentId, sets, ct) ?? throw new NotFoundException("incident", incidentId);
        var templates = await store.TemplatesAsync(incidentId, ct);
        return (incident, templates, employeeId is { } id ? await sets.PersonCategoriesAsync(setId, id, ct) : null);
    }
}
