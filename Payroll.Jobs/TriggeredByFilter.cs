using Hangfire.Client;

namespace Payroll.Jobs;

/// <summary>Who is asking, when a job is created during a signed-in person's request on the job dashboard; null otherwise.</summary>
public interface IDashboardUser
{
    string? Name { get; }
}

/// <summary>
/// A recurring job created by "Trigger now" on the dashboard carries the name of the account that clicked it (job
/// parameter <see cref="Parameter"/>); one created by the schedule carries none. The payroll job records it with the run
/// it starts, and that account may not approve the run.
/// </summary>
public sealed class TriggeredByFilter(IDashboardUser? user) : IClientFilter
{
    public const string Parameter = "TriggeredBy";

    public void OnCreating(CreatingContext context)
    {
        if (context.Parameters.ContainsKey("RecurringJobId") && user?.Name is { Length: > 0 } name)
        {
            context.SetJobParameter(Parameter, name);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    /// <summary>The account that triggered this job by hand, if one did.</summary>
    public static string? Of(Hangfire.Server.PerformContext? context) =>
        context?.GetJobParameter<string?>(Parameter, allowStale: true);
}
