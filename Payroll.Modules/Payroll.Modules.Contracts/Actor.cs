namespace Payroll.Modules.Contracts;

/// <summary>
/// Who is asking, carried in every message that reads or changes personal data: a signed-in user (with the key of
/// their session; at the command line, a user who signed in there, whose agent reads <c>cli:&lt;os user&gt;</c>), a job
/// (<c>job:&lt;name&gt;</c>) or the system itself (<c>system:&lt;name&gt;</c>), or an anonymous web request. Build one
/// with the factories, which name what each field means; what each may send is its message's
/// <see cref="Authorization.SentByAttribute"/>.
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
    /// <summary>The name of an anonymous web request's actor.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>The user agent of a person signed in at the command line: <c>cli:&lt;os user&gt;</c>.</summary>
    public const string CommandLineAgentPrefix = "cli:";

    /// <summary>Loading what ships with a release (reference tables); no person.</summary>
    public static Actor Release { get; } = System("release");

    /// <summary>A signed-in account: its id, name and roles, and where the request came from.</summary>
    public static Actor User(
        long userId, string username, IReadOnlyList<string> roles,
        string? sessionKey = null, string? clientIp = null, string? userAgent = null, long? employeeId = null) =>
        new(userId, username, roles, sessionKey, clientIp, userAgent, employeeId);

    /// <summary>A web request without a session: recorded with its address and browser, and allowed nothing personal.</summary>
    public static Actor Anonymous(string? clientIp, string? userAgent) => new(null, AnonymousName, [], null, clientIp, userAgent, null);

    /// <summary>What a background job does: <c>job:&lt;name&gt;</c>.</summary>
    public static Actor Job(string name) => new(null, "job:" + name, [], null, null, null, null);

    /// <summary>The system itself (a release step, a benchmark): <c>system:&lt;name&gt;</c>.</summary>
    public static Actor System(string name) => new(null, "system:" + name, [], null, null, null, null);
}
