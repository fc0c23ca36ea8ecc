using System.ComponentModel;
using Hangfire;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Jobs.Payroll;

/// <summary>One chunk of a payroll run. Repeating it is harmless: the handler claims the chunk and skips it when done.</summary>
[Queue(JobQueues.Payroll)]
[AutomaticRetry(Attempts = 5)]
public sealed class PayrollChunkJob(ISender sender)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job("payroll-chunk");

    [DisplayName("Payroll run {0} v{1}: chunk {2}")]
    public async Task Run(long runId, int version, int chunkNo, CancellationToken cancellationToken) =>
        await sender.Send(new CalculatePayrollChunk(runId, version, chunkNo, Actor), cancellationToken);
}

/// <summary>When a run (or a rerun) is planned, one job per chunk is enqueued; the sweeper enqueues again what is lost.</summary>
public sealed class EnqueueChunksWhenPlanned(IBackgroundJobClient jobs) : INotificationHandler<PayrollRunPlanned>
{
    public ValueTask Handle(PayrollRunPlanned notification, CancellationToken cancellationToken)
    {
        foreach (var chunk in notification.Chunks)
        {
            jobs.Enqueue<PayrollChunkJob>(JobQueues.Payroll, j => j.Run(notification.RunId, notification.Version, chunk, CancellationToken.None));
        }

        return ValueTask.CompletedTask;
    }
}
