namespace Payroll.Modules.Contracts;

/// <summary>
/// Who is asking, carried in every message that reads or changes personal data: a signed-in user (with the key of
/// their session), the command line (<c>cli:&lt;os user&gt;</c>) or a job (<c>job:&lt;name&gt;</c>).
/// </summary>
public sealed record Actor(
    long? UserId,
    string Name,
    IReadOnlyList<string> Roles,
    string? SessionKey,
    string? ClientIp,
    string? UserAgent,
    long? EmployeeId);
