using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Benchmarks;

/// <summary>The deterministic demo city every benchmark starts from: 390 paying units and the people asked for.</summary>
internal static class DemoCity
{
    public const int Units = 390;

    public const int Seed = 42;

    /// <summary>The benchmark's member of staff: every role but PayrollApprover (an approver is always someone else).</summary>
    public static readonly Actor Actor = Actor.User(
        1_000_001, "bench-staff", [Roles.Admin, Roles.Auditor, Roles.ComplianceOfficer, Roles.HrClerk, Roles.PayrollOperator], sessionKey: "bench", clientIp: "10.0.0.9", userAgent: "bench");

    /// <summary>What only the benchmarks do: synthetic ledgers, ledger rows and test bank files (<see cref="SystemActors.Benchmark"/>).</summary>
    public static readonly Actor System = Actor.System("benchmark");

    public static async Task SeedAsync(Bench bench, int people, CancellationToken ct, int batch = 5_000)
    {
        await bench.Sender.Send(new SeedDemoUnits(Units, Seed, Actor), ct);
        for (var first = 1; first <= people; first += batch)
        {
            await bench.Sender.Send(new SeedDemoEmployees(first, Math.Min(batch, people - first + 1), Seed, Actor), ct);
        }
    }
}
