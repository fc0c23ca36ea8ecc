using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Payroll.Host.Shell;

namespace Payroll.Host.Audit;

/// <summary>The Vault's edge for auditors: the access ledger and chain pages, <c>/api/v1/audit</c>, the <c>audit</c> verbs.</summary>
internal sealed class AuditEdge : IModuleEdge
{
    private static readonly string[] LedgerReaders = [Roles.Auditor, Roles.ComplianceOfficer];

    public IEnumerable<Command> Commands() => [AuditCommands.Create()];

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapAuditEndpoints();

    public IEnumerable<MenuEntry> Menu() => [new("/Audit/Ledger", "Ledger", LedgerReaders), new("/Audit/Chain", "ChainStatus", LedgerReaders)];
}
