using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Payroll.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, on a loopback port, made and removed with the scripts' functions
/// (<c>scripts/lib/common.sh</c>): unlike the shared test cluster it can be stopped and started again (an outage)
/// without disturbing other tests.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir;

    private PrivatePostgres(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=payroll;Maximum Pool Size=40;Timeout=5";

    public IEnumerable<string> ConfigArgs(string dataDirectory) =>
        [$"--Payroll:DataDirectory={dataDirectory}", "--Payroll:Database:Provider=postgres", $"--Payroll:Database:ConnectionString={ConnectionString}"];

    public static async Task<PrivatePostgres> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"payroll-private-pg-{Guid.NewGuid():N}");
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        await ScriptAsync($"pg_start '{dir}' {port.ToString(CultureInfo.InvariantCulture)}");
        var pg = new PrivatePostgres(dir, port);
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        await c.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE payroll", c);
        await create.ExecuteNonQueryAsync();
        return pg;
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut), keeping its data.</summary>
    public Task PauseAsync() => ScriptAsync($"pg_pause '{_dir}'");

    public Task ResumeAsync() => ScriptAsync($"pg_resume '{_dir}'");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ScriptAsync($"pg_stop '{_dir}'");
    }

    private static async Task ScriptAsync(string command)
    {
        var common = Path.Combine(Repo.Root, "scripts", "lib", "common.sh");
        var info = new ProcessStartInfo("bash", ["-c", $"source '{common}' && {command}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{command}: {await output}{await error}");
        }
    }
}
