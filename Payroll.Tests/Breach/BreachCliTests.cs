using System.Text.Json;
using Dapper;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.Breach;

/// <summary><c>payroll breach new|scope|status</c>: an incident recorded and scoped from a web-server log in a terminal.</summary>
public sealed class BreachCliTests(string provider) : DatabaseFixture(provider)
{
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliTests.RunInAsync(Database, args);

    /// <summary>A verb acting as the database's member of staff, signed in with password and TOTP code.</summary>
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    public async Task New_Scope_Status()
    {
        Assert.That((await RunAsync("demo", "seed", "--employees", "30", "--units", "2")).Code, Is.Zero);
        var (newCode, created, newError) = await AsStaffAsync("breach", "new", "--title", "清冊外洩", "--aware-at", "2026-11-20T19:00:00+08:00", "--level", "3");
        Assert.That(newCode, Is.Zero, newError);
        var id = created.Trim();

        var log = Path.Combine(Database.DataDirectory, "access.log");
        await File.WriteAllLinesAsync(log,
        [
            "203.0.113.9 - - [20/Nov/2026:10:00:00 +0800] \"GET /Personnel/Employee?no=D000003 HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"",
            "203.0.113.9 - - [20/Nov/2026:10:00:05 +0800] \"GET /Personnel/Employee?no=D000004 HTTP/1.1\" 403 0 \"-\" \"Mozilla/5.0\"",
            "127.0.0.1 - - [20/Nov/2026:10:00:09 +0800] \"GET /Personnel/Employee?no=D000005 HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"",
        ]);
        var (scopeCode, scoped, scopeError) = await AsStaffAsync("breach", "scope", "--incident", id, "--log", "nginx:" + log);
        Assert.That(scopeCode, Is.Zero, scopeError);
        Assert.That(scoped, Does.Contain("affected set v1: 1 people").And.Contain("nginx:access.log: 1 people").And.Contain("1 failed or redirected"));

        var (statusCode, json, _) = await AsStaffAsync("breach", "status", "--incident", id, "--json");
        Assert.That(statusCode, Is.Zero);
        using var doc = JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("currentSet").GetProperty("people").GetInt32(), Is.EqualTo(1));
        // The status's counts say who was affected: each read is a ledger row naming the set's person, repeated ones too.
        Assert.That((await AsStaffAsync("breach", "status", "--incident", id)).Code, Is.Zero);
        await using (var c = await Db.OpenAsync())
        {
            var reads = (await c.QueryAsync<(long Subjects, string UserAgent)>(
                "SELECT (SELECT COUNT(*) FROM vault_access_subject s WHERE s.access_seq = a.seq), a.user_agent FROM vault_access a WHERE a.resource = @resource AND a.action = 'View'",
                new { resource = $"/breach/incidents/{id}/status/1" })).ToList();
            Assert.That(reads.Select(r => r.Subjects), Is.EqualTo(new[] { 1L, 1L }), "two status reads, each naming the one affected person");
            Assert.That(reads.Select(r => r.UserAgent), Has.All.StartWith(Payroll.Modules.Contracts.Actor.CommandLineAgentPrefix), "the record says the read came from the command line");
        }

        var containment = doc.RootElement.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "containment");
        Assert.That(containment.GetProperty("due").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.FromHours(8))), "level 3: 36 hours");

        var (badCode, _, badError) = await AsStaffAsync("breach", "scope", "--incident", id, "--log", "w3c:" + log);
        Assert.That(badCode, Is.EqualTo(2));
        Assert.That(badError, Does.Contain("iis:FILE or nginx:FILE"));
    }
}
