using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.BankTransfer;

/// <summary>The BankTransfer module's edge: a run's bank files page (reached from the run's page) and the <c>bank</c> verbs.</summary>
internal sealed class BankTransferEdge : IModuleEdge
{
    public IEnumerable<Command> Commands() => [BankCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public IEnumerable<MenuEntry> Menu() => [];
}
