using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Identity;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary><c>payroll demo seed</c>: a deterministic city with valid identifiers, canaries, never mixed with real people.</summary>
public sealed class DemoCityTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;

    [Test]
    public async Task SameSeed_GivesTheSameCity_WithCanaries_AndNothingInClearOnDisk()
    {
        await Migrator.MigrateAsync();
        Assert.That(await SendAsync(new SeedDemoUnits(12, 42, TestActors.Staff)), Is.EqualTo(12));
        var first = await SendAsync(new SeedDemoEmployees(1, 300, 42, TestActors.Staff));
        Assert.That(first.Created, Is.EqualTo(300));
        Assert.That(first.Canaries, Has.Count.EqualTo(4));
        Assert.That(NationalId.IsValid(first.Canaries[2]), Is.True);
        Assert.That(first.Canaries[2], Is.EqualTo("L100080268"), "seed 42 gives the same first person in every process and on every engine");
        Assert.That((await SendAsync(new SeedDemoEmployees(1, 300, 42, TestActors.Staff))).Created, Is.Zero, "a batch already seeded is skipped");

        var city = await SendAsync(new GetEmployeesForPayroll(2026, 8, [], TestActors.Staff));
        var appraisals = await Services.SendWithinAsync(new GetAppraisals(2025, []));
        Assert.That(appraisals, Has.Count.InRange(200, 300), "2025 appraisals for those employed all of 2025, for the performance bonus");
        Assert.That(appraisals.Count(a => a.Grade == AppraisalGrade.Jia), Is.GreaterThan(appraisals.Count / 2));
        Assert.That(city, Has.Count.InRange(280, 300), "all but those who left before August");
        Assert.That(city.Where(e => e.Category == StaffCategory.CivilServant).All(e => e.Grade is >= 1 and <= 14 && e.SalaryPoints is >= 160 and <= 800), Is.True);
        Assert.That(city.Count(e => e.ChangesInPeriod.Count > 0), Is.Zero, "promotions are dated 2026-07-01");
        Assert.That((await SendAsync(new GetEmployeesForPayroll(2026, 7, [], TestActors.Staff))).Count(e => e.ChangesInPeriod.Count > 0), Is.Zero, "a change on the 1st is not inside the month");

        await using var again = await TestDatabase.CreateAsync(ProviderName);
        await using var other = BuildServices(again, Clock);
        await other.GetRequiredService<Payroll.Modules.Kernel.Db.SchemaMigrator>().MigrateAsync();
        await using (var scope = other.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            await sender.Send(new SeedDemoUnits(12, 42, TestActors.Staff));
            await sender.Send(new SeedDemoEmployees(1, 300, 42, TestActors.Staff));
            var twin = await sender.Send(new GetEmployeesForPayroll(2026, 8, [], TestActors.Staff));
            Assert.That(twin.Select(e => (e.EmployeeNo, e.UnitCode, e.Grade, e.SalaryPoints)), Is.EqualTo(city.Select(e => (e.EmployeeNo, e.UnitCode, e.Grade, e.SalaryPoints))));
        }

        // The database's files, as a copy of them would give them away: no canary in UTF-8, UTF-16 or Big5.
        Assert.That(await RawDatabaseFiles.HoldAsync(Database, Db, [.. first.Canaries]), Is.Empty);
    }

    [Test]
    public async Task Demo_IsRefused_WhereRealPeopleExist()
    {
        await using var db = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(db, Clock);
        await services.GetRequiredService<Payroll.Modules.Kernel.Db.SchemaMigrator>().MigrateAsync();
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
        await sender.Send(new SeedDemoUnits(2, 1, TestActors.Staff));
        await scope.ServiceProvider.SaveApprovedAsync(new SaveEmployee(new EmployeeInput(
            "R1", "U0001", "林小華", null, "A123456789", new DateOnly(1980, 1, 1), StaffCategory.Worker, null, null, null, null, null, null, null, 0, "勞保",
            PensionScheme.OldFund, WithholdingMethod.Table, 0, true, "004", "0001", "1234567890", null, null, null, EmploymentStatus.Active, new DateOnly(2026, 1, 1)),
            new DateOnly(2026, 1, 1), "到職", Cli));
        Assert.That(async () => await sender.Send(new SeedDemoEmployees(1, 10, 1, TestActors.Staff)), Throws.TypeOf<Payroll.Modules.Kernel.Errors.ConflictException>().With.Message.Contains("real people"));
    }
}
