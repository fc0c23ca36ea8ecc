using System.ComponentModel;
using Hangfire;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Microsoft.Extensions.Logging;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Jobs.Breach;

/// <summary>
/// One breach notice. Repeating it is harmless: the handler claims the notice before sending and leaves a notice that is
/// sent, or being sent, alone. Hangfire does not retry on its own (a retry could resend): a transient failure comes back
/// as a time to try again, and this job schedules itself for then.
/// </summary>
[Queue(JobQueues.Notices)]
[AutomaticRetry(Attempts = 0)]
public sealed class NoticeDispatchJob(ISender sender, IBackgroundJobClient jobs)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job("breach-notice");

    [DisplayName("Breach notice {0}")]
    public async Task Run(long noticeId, CancellationToken cancellationToken)
    {
        var outcome = await sender.Send(new DispatchNotice(noticeId, Actor), cancellationToken);
        if (outcome.RetryAfter is { } wait)
        {
            jobs.Schedule<NoticeDispatchJob>(JobQueues.Notices, j => j.Run(noticeId, CancellationToken.None), wait);
        }
    }
}

/// <summary>
/// When notices are launched, one job fans them out: it enqueues one job per notice waiting to be sent, so the approval
/// returns at once even for a whole city, and workers start sending while the rest are enqueued. The sweeper enqueues
/// again what is lost.
/// </summary>
public sealed class EnqueueNoticesWhenLaunched(IBackgroundJobClient jobs) : INotificationHandler<NoticesLaunched>
{
    public ValueTask Handle(NoticesLaunched notification, CancellationToken cancellationToken)
    {
        jobs.Enqueue<NoticeFanOutJob>(JobQueues.Notices, j => j.Run(notification.IncidentId, CancellationToken.None));
        return ValueTask.CompletedTask;
    }
}

[Queue(JobQueues.Notices)]
public sealed class NoticeFanOutJob(ISender sender, IBackgroundJobClient jobs)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job("breach-notice");

    [DisplayName("Breach incident {0}: enqueue its notices")]
    public async Task Run(long incidentId, CancellationToken cancellationToken)
    {
        foreach (var id in await sender.Send(new GetQueuedNotices(incidentId, Actor), cancellationToken))
        {
            jobs.Enqueue<NoticeDispatchJob>(JobQueues.Notices, j => j.Run(id, CancellationToken.None));
        }
    }
}

/// <summary>Every minute: notices whose job was lost are enqueued again; notices a crash left "sending" go to the review list.</summary>
public sealed class NoticeSweeperJob(ISender sender, IBackgroundJobClient jobs, ILogger<NoticeSweeperJob> logger)
{
    /// <summary>Who this job is in the messages it sends: <see cref="SystemActors"/>.</summary>
    internal static readonly Actor Actor = Actor.Job(RecurringId);

    public const string RecurringId = "breach-notice-sweeper";

    [DisplayName("Breach notice sweeper: resume lost notices")]
    public async Task Run(CancellationToken cancellationToken)
    {
        var stalled = await sender.Send(new FindStalledNotices(Actor), cancellationToken);
        foreach (var id in stalled.ToEnqueue)
        {
            jobs.Enqueue<NoticeDispatchJob>(JobQueues.Notices, j => j.Run(id, CancellationToken.None));
        }

        if (stalled.ToEnqueue.Count > 0 || stalled.MovedToReview > 0)
        {
            logger.LogWarning("Notice sweeper: {Enqueued} notices enqueued again, {Review} interrupted notices moved to review", stalled.ToEnqueue.Count, stalled.MovedToReview);
        }
    }
}
