using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>Verifies the chains, appends the intact ones' head hashes to the checkpoint file, and records that it did.</summary>
internal sealed class WriteAuditCheckpointHandler(ISender sender, IOptions<VaultOptions> options, IClock clock, IDbConnectionFactory db)
    : IRequestHandler<WriteAuditCheckpoint, IReadOnlyList<ChainStatus>>
{
    private const string RecordSql = "INSERT INTO vault_checkpoint (chain, seq, head_hash, at) VALUES (@Chain, @Seq, @Hash, @at)";

    public async ValueTask<IReadOnlyList<ChainStatus>> Handle(WriteAuditCheckpoint request, CancellationToken cancellationToken)
    {
        // Only an intact chain is worth vouching for; a broken one is reported, not checkpointed.
        var statuses = await sender.Send(new VerifyAuditChain(request.Actor), cancellationToken);
        var intact = statuses.Where(s => s.Intact && s.Rows > 0).ToList();
        var now = clock.UtcNow;
        var checkpoints = intact.Select(s => new AuditCheckpoints.Checkpoint(s.Chain, s.Rows, s.HeadHash, new DateTimeOffset(now.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero))).ToList();
        AuditCheckpoints.Append(options.Value.CheckpointFile, checkpoints);
        await using var c = await db.OpenAsync(cancellationToken);
        foreach (var checkpoint in checkpoints)
        {
            await c.ExecuteAsync(new CommandDefinition(RecordSql, new { checkpoint.Chain, checkpoint.Seq, checkpoint.Hash, at = checkpoint.At.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        }

        return statuses;
    }
}
