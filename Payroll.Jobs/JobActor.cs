using Payroll.Modules.Contracts;

namespace Payroll.Jobs;

/// <summary>The actor recorded for what a job does: <c>job:&lt;name&gt;</c>.</summary>
public static class JobActor
{
    public static Actor Named(string job) => new(null, "job:" + job, [], null, null, null, null);
}
