using System.Security.Cryptography;
using Dapper;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Accounts.Sessions;

/// <summary>Server-side sessions: a cookie is only good while its row says the session is open.</summary>
internal sealed class SessionStore(IDbConnectionFactory db)
{
    private const string InsertSql = """
        INSERT INTO accounts_session (id_hash, user_id, stage, client_ip, created_at, last_seen_at)
        VALUES (@idHash, @userId, @stage, @clientIp, @now, @now)
        """;

    private const string FindSql = $"""
        SELECT s.user_id AS {nameof(SessionRecord.UserId)}, s.stage AS {nameof(SessionRecord.Stage)},
               s.created_at AS {nameof(SessionRecord.CreatedAt)}, s.last_seen_at AS {nameof(SessionRecord.LastSeenAt)},
               s.ended_at AS {nameof(SessionRecord.EndedAt)}, u.disabled AS {nameof(SessionRecord.UserDisabled)},
               u.username AS {nameof(SessionRecord.Username)}, u.employee_id AS {nameof(SessionRecord.EmployeeId)}
        FROM accounts_session s JOIN accounts_user u ON u.id = s.user_id
        WHERE s.id_hash = @idHash
        """;

    private const string TouchSql = "UPDATE accounts_session SET last_seen_at = @now WHERE id_hash = @idHash AND ended_at IS NULL";

    private const string EndSql = "UPDATE accounts_session SET ended_at = @now, ended_reason = @reason WHERE id_hash = @idHash AND ended_at IS NULL";

    private const string EndAllForUserSql = "UPDATE accounts_session SET ended_at = @now, ended_reason = @reason WHERE user_id = @userId AND ended_at IS NULL";

    private const string EndOthersSql = "UPDATE accounts_session SET ended_at = @now, ended_reason = @reason WHERE user_id = @userId AND ended_at IS NULL AND id_hash <> @keep";

    // Rows of sessions that ended or expired more than a day ago carry no value; kept small at each login.
    private const string PurgeSql = "DELETE FROM accounts_session WHERE user_id = @userId AND (ended_at < @before OR created_at < @before)";

    // The enrolment secret of an open enrolment session of this user: offered once, then the same one on every view.
    private const string OfferSecretSql = """
        UPDATE accounts_session SET pending_totp_secret = COALESCE(pending_totp_secret, @secret)
        WHERE id_hash = @idHash AND user_id = @userId AND stage = @stage AND ended_at IS NULL
        RETURNING pending_totp_secret
        """;

    private const string PendingSecretSql = """
        SELECT pending_totp_secret FROM accounts_session
        WHERE id_hash = @idHash AND user_id = @userId AND stage = @stage AND ended_at IS NULL
        """;

    /// <summary>The protected secret this enrolment session offers (<paramref name="protectedSecret"/> if it had none yet), or null when it is not the user's open enrolment session.</summary>
    public async Task<string?> OfferTotpSecretAsync(string sessionId, long userId, string stage, string protectedSecret, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(OfferSecretSql, new { idHash = Hash(sessionId), userId, stage, secret = protectedSecret }, cancellationToken: ct));
    }

    /// <summary>The protected secret this enrolment session offered, or null.</summary>
    public async Task<string?> PendingTotpSecretAsync(string sessionId, long userId, string stage, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(PendingSecretSql, new { idHash = Hash(sessionId), userId, stage }, cancellationToken: ct));
    }

    /// <summary>Opens a session and returns its id (the only copy: it goes into the cookie).</summary>
    public async Task<string> OpenAsync(long userId, string stage, string? clientIp, long now, long purgeBefore, CancellationToken ct)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(PurgeSql, new { userId, before = purgeBefore }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertSql, new { idHash = Hash(id), userId, stage, clientIp, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<SessionRecord?> FindAsync(string sessionId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<SessionRecord>(new CommandDefinition(FindSql, new { idHash = Hash(sessionId) }, cancellationToken: ct));
    }

    public async Task TouchAsync(string sessionId, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(TouchSql, new { idHash = Hash(sessionId), now }, cancellationToken: ct));
    }

    public async Task EndAsync(string sessionId, string reason, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(EndSql, new { idHash = Hash(sessionId), reason, now }, cancellationToken: ct));
    }

    /// <summary>Ends every open session of the user except <paramref name="keepSessionId"/>.</summary>
    public async Task EndOthersAsync(long userId, string keepSessionId, string reason, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(EndOthersSql, new { userId, keep = Hash(keepSessionId), reason, now }, cancellationToken: ct));
    }

    public async Task EndAllAsync(long userId, string reason, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(EndAllForUserSql, new { userId, reason, now }, cancellationToken: ct));
    }

    private static string Hash(string sessionId) => SessionKey.Of(sessionId);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class SessionRecord
{
    public long UserId { get; init; }

    public string Stage { get; init; } = "";

    public long CreatedAt { get; init; }

    public long LastSeenAt { get; init; }

    public long? EndedAt { get; init; }

    public bool UserDisabled { get; init; }

    public string Username { get; init; } = "";

    public long? EmployeeId { get; init; }
}
