using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.BankTransfer;

/// <summary>The BankTransfer module's edge: the <c>bank</c> verbs (its page actions sit on the run page for now).</summary>
internal sealed class BankTransferEdge : IModuleEdge
{
    public IEnumerable<Command> Commands() => [BankCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public IEnumerable<MenuEntry> Menu() => [];
}
