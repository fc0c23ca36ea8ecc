using Dapper;

namespace Payroll.Modules.Kernel.Db;

/// <summary>Whether the database answers at all (readiness checks): a round trip that touches no table.</summary>
public static class DatabaseProbe
{
    public static async Task PingAsync(this IDbConnectionFactory db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
    }
}
