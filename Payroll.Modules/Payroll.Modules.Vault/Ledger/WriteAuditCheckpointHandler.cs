using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Vault.Ledger;

internal sealed class WriteAuditCheckpointHandler(ISender sender, IOptions<VaultOptions> options, IClock clock)
    : IRequestHandler<WriteAuditCheckpoint, IReadOnlyList<ChainStatus>>
{
    public async ValueTask<IReadOnlyList<ChainStatus>> Handle(WriteAuditCheckpoint request, CancellationToken cancellationToken)
    {
        // Only an intact chain is worth vouching for; a broken one is reported, not checkpointed.
        var statuses = await sender.Send(new VerifyAuditChain(request.Actor), cancellationToken);
        var intact = statuses.Where(s => s.Intact && s.Rows > 0).ToList();
        AuditCheckpoints.Append(options.Value.CheckpointFile, intact.Select(s => new AuditCheckpoints.Checkpoint(s.Chain, s.Rows, s.HeadHash, clock.UtcNow)));
        return statuses;
    }
}
