using System.Diagnostics;
using System.Text.RegularExpressions;
using Payroll.Tests.Support;

namespace Payroll.Tests.Host;

/// <summary>
/// <c>scripts/cluster.sh up</c> starts a three-host system on this machine — PostgreSQL on a loopback port, one web host,
/// two worker hosts — and prints their addresses; both workers register a job server on the shared database; <c>down</c>
/// stops every process it started and removes the cluster.
/// </summary>
[NonParallelizable]
public sealed partial class ClusterScriptTests
{
    private static async Task<(int Code, string Output)> ScriptAsync(string state, string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(Repo.Root, "scripts", "cluster.sh"), verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PAYROLL_CLUSTER_DIR"] = state;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^(web|worker1|worker2)\s+(https://127\.0\.0\.1:\d+)\s+\(pid (\d+)", RegexOptions.Multiline)]
    private static partial Regex HostLine();

    [Test]
    public async Task Up_StartsAWebAndTwoWorkerHosts_OnOneDatabase_Down_StopsThemAll()
    {
        var state = Path.Combine(Path.GetTempPath(), $"payroll-cluster-test-{Guid.NewGuid():N}");
        try
        {
            var (code, output) = await ScriptAsync(state, "up");
            Assert.That(code, Is.Zero, output);
            var hosts = HostLine().Matches(output).Select(m => (Name: m.Groups[1].Value, Url: m.Groups[2].Value, Pid: int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Assert.That(hosts.Select(h => h.Name), Is.EqualTo(new[] { "web", "worker1", "worker2" }), output);
            Assert.That(output, Does.Match(@"PostgreSQL\s+127\.0\.0\.1:\d+"));

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
            using var http = new HttpClient(handler);
            foreach (var h in hosts)
            {
                Assert.That(await http.GetStringAsync(h.Url + "/healthz"), Is.EqualTo("ok"), h.Name);
            }

            var (statusCode, status) = await ScriptAsync(state, "status");
            Assert.That(statusCode, Is.Zero);
            Assert.That(status, Does.Not.Contain("DOWN"));

            // Both workers run a job server on the shared database; the web host runs none.
            var port = (await File.ReadAllTextAsync(Path.Combine(state, "pg_port"))).Trim();
            await using (var db = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=payroll"))
            {
                await db.OpenAsync();
                await using var count = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM hangfire.server", db);
                Assert.That(Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(2));
            }

            var (downCode, down) = await ScriptAsync(state, "down");
            Assert.That(downCode, Is.Zero, down);
            foreach (var h in hosts)
            {
                Assert.That(Alive(h.Pid), Is.False, $"{h.Name} (pid {h.Pid}) was stopped");
            }

            Assert.That(Directory.Exists(state), Is.False);
        }
        finally
        {
            if (Directory.Exists(state))
            {
                await ScriptAsync(state, "down");
            }
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
