using System.Globalization;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace Payroll.Jobs;

/// <summary>
/// A recurring job whose planned time passed while no job server was up (every host down, or the database away) runs
/// once when one comes back (Hangfire's relaxed misfire handling) — and says so: the planned time is kept with the job
/// when it is created, and when it starts more than <see cref="JobStorageOptions.LateAfter"/> after it, the start is logged
/// as a warning and the dashboard's "Processing" state carries the reason ("late by 3 h 2 min: planned ...").
/// </summary>
public sealed class LateRecurringJobFilter(ILogger<LateRecurringJobFilter> logger, TimeSpan lateAfter, TimeZoneInfo zone) : IClientFilter, IElectStateFilter
{
    public const string PlannedAtParameter = "PlannedAt";

    public void OnCreating(CreatingContext context)
    {
        // The scheduler creates the job before it moves the recurring job's NextExecution on: read now, it is the
        // occurrence this job stands for. A job triggered by hand before its time stands for no occurrence.
        if (context.Parameters.TryGetValue("RecurringJobId", out var id) && id is string recurringId
            && context.Connection.GetAllEntriesFromHash("recurring-job:" + recurringId) is { } hash
            && hash.TryGetValue("NextExecution", out var next) && JobHelper.DeserializeNullableDateTime(next) is { } planned
            && planned <= DateTime.UtcNow)
        {
            context.SetJobParameter(PlannedAtParameter, planned);
        }
    }

    /// <summary>The occurrence a recurring job's run stands for, when it was due (not triggered by hand early).</summary>
    public static DateTime? PlannedAt(Hangfire.Server.PerformContext? context) =>
        context?.GetJobParameter<DateTime?>(PlannedAtParameter, allowStale: true) is { } planned ? DateTime.SpecifyKind(planned, DateTimeKind.Utc) : null;

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not ProcessingState processing
            || context.GetJobParameter<DateTime?>(PlannedAtParameter, allowStale: true) is not { } planned)
        {
            return;
        }

        var late = DateTime.UtcNow - DateTime.SpecifyKind(planned, DateTimeKind.Utc);
        if (late <= lateAfter)
        {
            return;
        }

        var recurringId = context.GetJobParameter<string>("RecurringJobId", allowStale: true);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(planned, DateTimeKind.Utc), zone);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Late by {Describe(late)}: planned for {local:yyyy-MM-dd HH:mm} ({zone.Id}); no job server was running then");
        processing.Reason = reason;
        logger.LogWarning("Recurring job {RecurringJobId} (job {JobId}) starts late by {Late}: planned for {Planned:u}; no job server was running then",
            recurringId, context.BackgroundJob.Id, Describe(late), DateTime.SpecifyKind(planned, DateTimeKind.Utc));
    }

    internal static string Describe(TimeSpan late) =>
        late.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)late.TotalDays} d {late.Hours} h {late.Minutes} min")
        : late.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)late.TotalHours} h {late.Minutes} min")
        : late.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)late.TotalMinutes} min {late.Seconds} s")
        : string.Create(CultureInfo.InvariantCulture, $"{late.Seconds} s");
}
