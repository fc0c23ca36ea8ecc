using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// A deterministic demo city: paying units and, per call, a batch of employees (so the command line can show
/// progress). Every record is marked as demo. Refused when real (non-demo) people exist.
/// </summary>
[SentBy(Roles.Admin, Systems = [SystemActors.DemoSeed, SystemActors.Benchmark])]
public sealed record SeedDemoUnits(int Units, int Seed, Actor Actor) : IRequest<int>;

[SentBy(Roles.Admin, Systems = [SystemActors.DemoSeed, SystemActors.Benchmark])]
public sealed record SeedDemoEmployees(int First, int Count, int Seed, Actor Actor) : IRequest<DemoEmployees>;

/// <summary>
/// Values that appear nowhere else: a leak test searches every output for them. <see cref="PayCanary"/>: the employee
/// number of the person whose pay no one else has (in the batch that made them), for a leak test to read from a run.
/// </summary>
public sealed record DemoEmployees(int Created, IReadOnlyList<string> Canaries)
{
    public string? PayCanary { get; init; }
}
