using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// For the sweeper: pending chunks of calculating runs whose worker's lease ran out, or that waited unclaimed longer than
/// <see cref="SalaryOptions.ChunkQueueTimeout"/> (their job was lost); each is marked as nudged so the next sweep leaves
/// it alone for another timeout. Also runs whose chunks are all done but that were never published.
/// </summary>
internal sealed class FindStalledPayrollWorkHandler(IDbConnectionFactory db, IClock clock, IOptions<SalaryOptions> options)
    : IRequestHandler<FindStalledPayrollWork, StalledPayrollWork>
{
    // An expired lease is cleared, so the job enqueued again can claim the chunk at once.
    private const string StalledSql = """
        UPDATE salary_run_chunk SET nudged_at = @now, claimed_until = NULL
        WHERE state = 'Pending'
          AND EXISTS (SELECT 1 FROM salary_run r WHERE r.id = salary_run_chunk.run_id AND r.state = 'Calculating' AND r.pending_version = salary_run_chunk.version)
          AND ((claimed_until IS NOT NULL AND claimed_until < @now)
               OR (claimed_until IS NULL AND COALESCE(nudged_at, planned_at) < @queued))
        RETURNING run_id, version, chunk_no
        """;

    private const string UnpublishedSql = """
        SELECT r.id FROM salary_run r
        WHERE r.state = 'Calculating'
          AND NOT EXISTS (SELECT 1 FROM salary_run_chunk k WHERE k.run_id = r.id AND k.version = r.pending_version AND k.state <> 'Done')
        """;

    public async ValueTask<StalledPayrollWork> Handle(FindStalledPayrollWork request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var c = await db.OpenAsync(cancellationToken);
        var chunks = await c.QueryAsync<(long RunId, long Version, long ChunkNo)>(new CommandDefinition(
            StalledSql, new { now = now.ToUnixTimeMilliseconds(), queued = (now - options.Value.ChunkQueueTimeout).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var runs = await c.QueryAsync<long>(new CommandDefinition(UnpublishedSql, cancellationToken: cancellationToken));
        return new StalledPayrollWork(chunks.Select(k => new ChunkRef(k.RunId, (int)k.Version, (int)k.ChunkNo)).OrderBy(k => k.RunId).ThenBy(k => k.ChunkNo).ToList(), runs.ToList());
    }
}
