namespace Payroll.Jobs;

/// <summary>What one host process does; several hosts on one PostgreSQL database split the work.</summary>
public enum HostRole
{
    /// <summary>Pages, API and dashboard, and a job server (the default).</summary>
    All,

    /// <summary>Pages, API and dashboard; jobs are only enqueued.</summary>
    Web,

    /// <summary>A job server only, no pages.</summary>
    Worker,
}

public static class HostRoles
{
    public static HostRole Parse(string? value) => (value ?? "all").Trim().ToLowerInvariant() switch
    {
        "all" or "" => HostRole.All,
        "web" => HostRole.Web,
        "worker" => HostRole.Worker,
        _ => throw new ArgumentException($"--role must be web, worker or all, not '{value}'."),
    };

    public static bool RunsJobs(this HostRole role) => role is HostRole.All or HostRole.Worker;

    public static bool ServesWeb(this HostRole role) => role is HostRole.All or HostRole.Web;
}
