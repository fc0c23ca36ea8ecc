namespace Payroll.Jobs;

/// <summary>Hangfire queues, one per kind of work, so hosts can be given worker counts per kind.</summary>
public static class JobQueues
{
    public const string Payroll = "payroll";
    public const string Notices = "notices";
    public const string Maintenance = "maintenance";
    public const string Default = "default";

    /// <summary>In the order a worker takes them.</summary>
    public static readonly string[] All = [Payroll, Notices, Maintenance, Default];
}
