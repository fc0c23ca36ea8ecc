using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.Breach;

/// <summary>The Breach module's edge: incidents, scoping and notices; the <c>breach</c> verbs.</summary>
internal sealed class BreachEdge : IModuleEdge
{
    public IEnumerable<Command> Commands() => [BreachCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public IEnumerable<MenuEntry> Menu() => [new("/Breach/Incidents", "Incidents", [Roles.Auditor, Roles.ComplianceOfficer])];
}
