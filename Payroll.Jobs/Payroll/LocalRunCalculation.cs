using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Jobs.Payroll;

/// <summary>
/// Calculates a run's chunks in this process (the command line's <c>--wait</c>, the benchmarks), alongside any host's
/// workers: each chunk is claimed by exactly one of them, so nothing is calculated twice.
/// </summary>
public static class LocalRunCalculation
{
    public static async Task<PayrollRunSummary> CalculateAsync(IServiceScopeFactory scopes, RunPlan plan, int workers, CancellationToken ct)
    {
        while (true)
        {
            await Parallel.ForEachAsync(plan.Chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = ct }, async (chunk, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, PayrollChunkJob.Actor), token);
            });

            await using var read = scopes.CreateAsyncScope();
            var summary = await read.ServiceProvider.GetRequiredService<ISender>().Send(new GetPayrollRunSummary(plan.RunId, PayrollChunkJob.Actor), ct)
                ?? throw new InvalidOperationException($"Run {plan.RunId} disappeared.");
            if (summary.State != RunState.Calculating || summary.PendingVersion != plan.Version)
            {
                return summary;
            }

            // Chunks held by another worker: wait for them (or for their lease to run out).
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>
    /// Chunks calculated at once: SQLite writes one chunk at a time, so a second worker only overlaps reading and
    /// calculating with it; PostgreSQL takes one per core.
    /// </summary>
    public static int DefaultWorkers(bool postgres) => postgres ? Environment.ProcessorCount : Math.Min(2, Environment.ProcessorCount);
}
