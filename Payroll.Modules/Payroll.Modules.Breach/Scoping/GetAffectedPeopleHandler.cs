using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Scoping;

/// <summary>The people of an affected set; who read them is recorded in the ledger with every person listed.</summary>
internal sealed class GetAffectedPeopleHandler(IDbConnectionFactory db, AffectedSetStore sets, ISender sender) : IRequestHandler<GetAffectedPeople, IReadOnlyList<AffectedPerson>>
{
    public async ValueTask<IReadOnlyList<AffectedPerson>> Handle(GetAffectedPeople request, CancellationToken cancellationToken)
    {
        AffectedSetSummary? set;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            set = await sets.CurrentAsync(c, request.IncidentId, cancellationToken, request.Version);
        }

        if (set is null)
        {
            return [];
        }

        var people = await sets.PeopleAsync(set.SetId, cancellationToken);
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, $"/breach/incidents/{request.IncidentId}/affected/{set.Version}",
            people.Select(p => p.EmployeeId).ToList(), ["breach-affected"], AccessOutcome.Allowed), cancellationToken);
        return people;
    }
}
