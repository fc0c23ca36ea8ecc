using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Benchmarks;

/// <summary>The deterministic demo city every benchmark starts from: 390 paying units and the people asked for.</summary>
internal static class DemoCity
{
    public const int Units = 390;

    public const int Seed = 42;

    public static readonly Actor Actor = Actor.System("bench");

    public static async Task SeedAsync(Bench bench, int people, CancellationToken ct, int batch = 5_000)
    {
        await bench.Sender.Send(new SeedDemoUnits(Units, Seed, Actor), ct);
        for (var first = 1; first <= people; first += batch)
        {
            await bench.Sender.Send(new SeedDemoEmployees(first, Math.Min(batch, people - first + 1), Seed, Actor), ct);
        }
    }
}
