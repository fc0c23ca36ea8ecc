using Payroll.Tests.Support;
using Payroll.Modules.Contracts.Authorization;
using System.Net;
using System.Text.Json;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Host;

namespace Payroll.Tests.Salary;

/// <summary><c>GET /api/v1/runs</c>: payroll staff and auditors list runs with totals; filters and sort are checked by name.</summary>
public sealed class RunApiTests(string provider) : HostFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await SendAsync(new SeedDemoUnits(2, 5, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 20, 5, TestActors.Staff));
        foreach (var period in new[] { "2026-10", "2026-11" })
        {
            var plan = await SendAsync(new StartPayrollRun(period, RunKind.Regular, [], Cli));
            foreach (var chunk in plan.Chunks)
            {
                await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, chunk, TestActors.Chunk));
            }
        }

        var cancelled = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Cli));
        await SendAsync(new CancelPayrollRun(cancelled.RunId, "entered by mistake", Cli));
    }

    [Test]
    public async Task Operator_ListsFiltersAndSorts_BadParametersAreNamed()
    {
        var op = await Host.AddUserAsync(NewName("op"), true, Roles.PayrollOperator);
        using var client = Host.Client();
        await client.LoginAsync(op);

        var all = await RunsAsync(client, "");
        Assert.That(all.Select(r => r.GetProperty("period").GetString()), Is.EqualTo(new[] { "2026-12", "2026-11", "2026-10" }), "newest first");
        Assert.That(all[1].GetProperty("people").GetInt32(), Is.GreaterThan(0));
        Assert.That(all[1].GetProperty("gross").GetInt64(), Is.GreaterThan(0));

        Assert.That((await RunsAsync(client, "?state=calculated&sort=period")).Select(r => r.GetProperty("period").GetString()), Is.EqualTo(new[] { "2026-10", "2026-11" }));
        Assert.That((await RunsAsync(client, "?period=2026-11")).Single().GetProperty("state").GetString(), Is.EqualTo("Calculated"));
        Assert.That(await RunsAsync(client, "?limit=1&sort=-period"), Has.Length.EqualTo(1));

        // Paged in the database: the next page starts after the last run of this one.
        using (var first = await client.GetAsync("/api/v1/runs?limit=2"))
        {
            var page = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
            Assert.That(page.GetProperty("runs").GetArrayLength(), Is.EqualTo(2));
            var next = page.GetProperty("next").GetString();
            var rest = await RunsAsync(client, "?limit=2&after=" + Uri.EscapeDataString(next!));
            Assert.That(rest.Select(r => r.GetProperty("period").GetString()), Is.EqualTo(new[] { "2026-10" }), "the oldest, on the second page");
        }

        using (var foreign = await client.GetAsync("/api/v1/runs?after=bm90LWEtY3Vyc29y"))
        {
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a cursor this list did not give");
            Assert.That(await foreign.Content.ReadAsStringAsync(), Does.Contain("after"));
        }

        using var bad = await client.GetAsync("/api/v1/runs?state=Done&period=2026-13&sort=name;drop&limit=0&kind=x");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "state", "period", "sort", "limit", "kind" }));
    }

    [Test]
    public async Task Employee_Forbidden_Anonymous_Unauthorized()
    {
        var employee = await Host.AddUserAsync(NewName("emp"), false, Roles.Employee);
        using var client = Host.Client();
        await client.LoginAsync(employee);
        Assert.That((await client.GetAsync("/api/v1/runs")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var anonymous = Host.Client();
        Assert.That((await anonymous.GetAsync("/api/v1/runs")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<JsonElement[]> RunsAsync(Payroll.Tests.Support.TestClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/runs" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("runs").EnumerateArray()];
    }
}
