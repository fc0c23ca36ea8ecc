using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.Personnel;

/// <summary>The Personnel module's edge: the personnel pages for HR clerks; <c>personnel</c> and <c>demo</c> verbs.</summary>
internal sealed class PersonnelEdge : IModuleEdge
{
    public IEnumerable<Command> Commands() => [PersonnelCommands.Create(), DemoCommand.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public IEnumerable<MenuEntry> Menu() => [new("/Personnel", "Personnel", [Roles.HrClerk])];
}
