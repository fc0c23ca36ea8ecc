namespace Payroll.Modules.Accounts.Users;

/// <summary>One row of <c>accounts_user</c>, as Dapper maps it.</summary>
internal sealed class UserRecord
{
    public long Id { get; init; }

    public string Username { get; init; } = "";

    public string PasswordHash { get; init; } = "";

    public string? TotpSecretProtected { get; init; }

    public bool TotpEnrolled { get; init; }

    public long TotpLastStep { get; init; }

    public int FailedAttempts { get; init; }

    public long? LockedUntil { get; init; }

    public bool Disabled { get; init; }

    /// <summary>The person an Employee account belongs to.</summary>
    public long? EmployeeId { get; init; }
}
