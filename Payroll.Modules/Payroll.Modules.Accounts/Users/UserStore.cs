using System.Data.Common;
using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Accounts.Users;

/// <summary>SQL over <c>accounts_user</c>, <c>accounts_user_role</c> and <c>accounts_account_event</c>.</summary>
internal sealed class UserStore(IDbConnectionFactory db)
{
    private const string SelectUserColumns = $"""
        id AS {nameof(UserRecord.Id)}, username AS {nameof(UserRecord.Username)},
        password_hash AS {nameof(UserRecord.PasswordHash)}, totp_secret_protected AS {nameof(UserRecord.TotpSecretProtected)},
        totp_enrolled AS {nameof(UserRecord.TotpEnrolled)}, totp_last_step AS {nameof(UserRecord.TotpLastStep)},
        failed_attempts AS {nameof(UserRecord.FailedAttempts)}, locked_until AS {nameof(UserRecord.LockedUntil)},
        disabled AS {nameof(UserRecord.Disabled)}, employee_id AS {nameof(UserRecord.EmployeeId)}
        """;

    private const string FindByNameSql = $"""
        SELECT {SelectUserColumns} FROM accounts_user WHERE username = @username
        """;

    private const string FindByIdSql = $"""
        SELECT {SelectUserColumns} FROM accounts_user WHERE id = @id
        """;

    private const string RolesSql = "SELECT role FROM accounts_user_role WHERE user_id = @userId ORDER BY role";

    private const string InsertUserSql = """
        INSERT INTO accounts_user (username, password_hash, totp_secret_protected, totp_enrolled, employee_id, created_at, created_by, updated_at, updated_by)
        VALUES (@username, @passwordHash, @totpSecret, @totpEnrolled, @employeeId, @now, @actor, @now, @actor)
        RETURNING id
        """;

    private const string InsertRoleSql = "INSERT INTO accounts_user_role (user_id, role) VALUES (@userId, @role)";

    // A lock that has run out starts the count again: otherwise one wrong try per lock period keeps the account locked.
    private const string RecordFailureSql = """
        UPDATE accounts_user
        SET failed_attempts = CASE WHEN locked_until <= @now THEN 1 ELSE failed_attempts + 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until <= @now THEN 1 ELSE failed_attempts + 1 END) >= @maxAttempts THEN @lockUntil
                                WHEN locked_until <= @now THEN NULL
                                ELSE locked_until END
        WHERE id = @id
        RETURNING failed_attempts
        """;

    private const string ResetFailuresSql = "UPDATE accounts_user SET failed_attempts = 0, locked_until = NULL WHERE id = @id";

    private const string SetPasswordSql = """
        UPDATE accounts_user SET password_hash = @passwordHash, failed_attempts = 0, locked_until = NULL,
            updated_at = @now, updated_by = @actor
        WHERE id = @id
        """;

    private const string SetTotpSql = """
        UPDATE accounts_user SET totp_secret_protected = @secret, totp_enrolled = @enrolled, totp_last_step = 0,
            updated_at = @now, updated_by = @actor
        WHERE id = @id
        """;

    // Only a later time step is accepted: a code seen once cannot be replayed.
    private const string ConsumeTotpStepSql = """
        UPDATE accounts_user SET totp_last_step = @step, failed_attempts = 0, locked_until = NULL
        WHERE id = @id AND totp_last_step < @step
        """;

    private const string SetDisabledSql = "UPDATE accounts_user SET disabled = @disabled, updated_at = @now, updated_by = @actor WHERE id = @id";

    private const string InsertEventSql = """
        INSERT INTO accounts_account_event (user_id, event, actor, client_ip, at) VALUES (@userId, @event, @actor, @clientIp, @now)
        """;

    private const string CountUsersSql = "SELECT COUNT(*) FROM accounts_user";

    public async Task<UserRecord?> FindByNameAsync(string username, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(FindByNameSql, new { username }, cancellationToken: ct));
    }

    public async Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(FindByIdSql, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> RolesAsync(long userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(RolesSql, new { userId }, cancellationToken: ct))).AsList();
    }

    private const string CountEnabledAdminsSql = """
        SELECT COUNT(*) FROM accounts_user u JOIN accounts_user_role r ON r.user_id = u.id WHERE r.role = 'Admin' AND u.disabled = @no
        """;

    /// <summary>Enabled accounts holding Admin: while there are none, the console may add the first.</summary>
    public async Task<long> CountEnabledAdminsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(CountEnabledAdminsSql, new { no = false }, cancellationToken: ct));
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(CountUsersSql, cancellationToken: ct));
    }

    public async Task<long> CreateAsync(
        string username, string passwordHash, IReadOnlyCollection<string> roles, string? totpSecretProtected, long? employeeId, string actor, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertUserSql,
            new { username, passwordHash, totpSecret = totpSecretProtected, totpEnrolled = totpSecretProtected is not null, employeeId, now, actor },
            tx,
            cancellationToken: ct));
        foreach (var role in roles)
        {
            await c.ExecuteAsync(new CommandDefinition(InsertRoleSql, new { userId = id, role }, tx, cancellationToken: ct));
        }

        await InsertEventAsync(c, tx, id, "created", actor, null, now, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>Counts a failed attempt and locks the account when the limit is reached.</summary>
    public async Task RecordFailureAsync(long id, int maxAttempts, long lockUntil, string? clientIp, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var failures = await c.ExecuteScalarAsync<int>(new CommandDefinition(RecordFailureSql, new { id, maxAttempts, lockUntil, now }, tx, cancellationToken: ct));
        await InsertEventAsync(c, tx, id, failures >= maxAttempts ? "locked-out" : "login-failed", "anonymous", clientIp, now, ct);
        await tx.CommitAsync(ct);
    }

    public async Task ResetFailuresAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(ResetFailuresSql, new { id }, cancellationToken: ct));
    }

    public async Task<bool> TryConsumeTotpStepAsync(long id, long step, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(ConsumeTotpStepSql, new { id, step }, cancellationToken: ct)) == 1;
    }

    public Task SetPasswordAsync(long id, string passwordHash, string eventName, string actor, string? clientIp, long now, CancellationToken ct) =>
        UpdateWithEventAsync(SetPasswordSql, new { id, passwordHash, now, actor }, id, eventName, actor, clientIp, now, ct);

    public Task SetTotpAsync(long id, string? secretProtected, bool enrolled, string eventName, string actor, string? clientIp, long now, CancellationToken ct) =>
        UpdateWithEventAsync(SetTotpSql, new { id, secret = secretProtected, enrolled, now, actor }, id, eventName, actor, clientIp, now, ct);

    public Task SetDisabledAsync(long id, bool disabled, string actor, long now, CancellationToken ct) =>
        UpdateWithEventAsync(SetDisabledSql, new { id, disabled, now, actor }, id, disabled ? "disabled" : "enabled", actor, null, now, ct);

    public async Task RecordEventAsync(long userId, string eventName, string actor, string? clientIp, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await InsertEventAsync(c, null, userId, eventName, actor, clientIp, now, ct);
    }

    private async Task UpdateWithEventAsync(string sql, object args, long userId, string eventName, string actor, string? clientIp, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await InsertEventAsync(c, tx, userId, eventName, actor, clientIp, now, ct);
        await tx.CommitAsync(ct);
    }

    private static Task InsertEventAsync(DbConnection c, DbTransaction? tx, long userId, string eventName, string actor, string? clientIp, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(InsertEventSql, new { userId, @event = eventName, actor, clientIp, now }, tx, cancellationToken: ct));
}
