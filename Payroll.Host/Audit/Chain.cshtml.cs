using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Audit;

/// <summary>Whether the ledger and change log are intact (the same check as <c>payroll audit verify</c>).</summary>
[Authorize(Policy = Policies.LedgerReaders)]
public sealed class ChainModel(ISender sender) : PageModel
{
    public IReadOnlyList<ChainStatus> Statuses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Statuses = await sender.Send(new VerifyAuditChain(HttpActor.From(HttpContext)), ct);
}
