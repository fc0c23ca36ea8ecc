using System.Data.Common;
using System.Net.Sockets;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// Telling "the database cannot be reached right now" from every other failure, and waiting it out where a fact that is
/// already true in the world (a message handed to the mail server) must still be written down.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) says the database is unreachable or busy: a transient
    /// provider error (a refused or dropped connection, a server shutting down, a busy SQLite file), a socket error or a
    /// timeout. Constraint violations, syntax errors and the like are not outages.
    /// </summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" }: // admin shutdown, crash shutdown, cannot connect now
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="write"/> until it succeeds, waiting while the database is unreachable (0.5 s, doubling, at most
    /// 5 s between tries) for no longer than <paramref name="window"/>; a failure that is not an outage, or one past the
    /// window, is thrown. Each try gets a fresh connection from <paramref name="db"/>, whose pool is cleared after a failure
    /// (its idle connections died with the server).
    /// </summary>
    public static async Task RetryAsync(IDbConnectionFactory db, Func<CancellationToken, Task> write, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var giveUpAt = DateTime.UtcNow + window;
        var wait = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await write(cancellationToken);
                return;
            }
            catch (Exception e) when (IsOutage(e) && DateTime.UtcNow + wait < giveUpAt)
            {
                db.ClearPool();
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
