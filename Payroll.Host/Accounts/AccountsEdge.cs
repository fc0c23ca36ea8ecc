using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.Accounts;

/// <summary>The accounts' edge: sign-in, second factor, password change and logout pages; the <c>user</c> verbs.</summary>
internal sealed class AccountsEdge : IModuleEdge
{
    public IEnumerable<Command> Commands() => [UserCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public IEnumerable<MenuEntry> Menu() => [new("/Account/ChangePassword", "ChangePassword", Roles.All)];
}
