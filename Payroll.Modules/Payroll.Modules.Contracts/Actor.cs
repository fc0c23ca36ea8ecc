namespace Payroll.Modules.Contracts;

/// <summary>
/// Who is asking, carried in every message that reads or changes personal data: a signed-in user (with the key of
/// their session), the command line (<c>cli:&lt;os user&gt;</c>), a job (<c>job:&lt;name&gt;</c>) or the system itself
/// (<c>system:&lt;name&gt;</c>). Build one with the factories, which name what each field means.
/// </summary>
public sealed record Actor(
    long? UserId,
    string Name,
    IReadOnlyList<string> Roles,
    string? SessionKey,
    string? ClientIp,
    string? UserAgent,
    long? EmployeeId)
{
    /// <summary>Loading what ships with a release (reference tables); no person.</summary>
    public static Actor Release { get; } = System("release");

    /// <summary>A signed-in account: its id, name and roles, and where the request came from.</summary>
    public static Actor User(
        long userId, string username, IReadOnlyList<string> roles,
        string? sessionKey = null, string? clientIp = null, string? userAgent = null, long? employeeId = null) =>
        new(userId, username, roles, sessionKey, clientIp, userAgent, employeeId);

    /// <summary>A web request without a session: recorded with its address and browser, and allowed nothing personal.</summary>
    public static Actor Anonymous(string? clientIp, string? userAgent) => new(null, "anonymous", [], null, clientIp, userAgent, null);

    /// <summary>What a background job does: <c>job:&lt;name&gt;</c>.</summary>
    public static Actor Job(string name) => new(null, "job:" + name, [], null, null, null, null);

    /// <summary>The command line, as the operating-system user who ran it: <c>cli:&lt;user&gt;</c>.</summary>
    public static Actor Cli(string osUser) => new(null, "cli:" + osUser, [], null, null, null, null);

    /// <summary>The system itself (a release step, a benchmark): <c>system:&lt;name&gt;</c>.</summary>
    public static Actor System(string name) => new(null, "system:" + name, [], null, null, null, null);
}
