using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Support;
using static Payroll.Tests.Vault.VaultScenario;

namespace Payroll.Tests.Vault;

/// <summary>
/// SECURITY.md rule 3 (2017: two weeks of IIS logs to learn who was affected): every read is in the ledger with whose
/// data it held, and "whose data did addresses outside the trusted network see between A and B" is one query.
/// </summary>
public sealed class LedgerTests(string provider) : DatabaseFixture(provider)
{
    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Vault:TrustedNetworks:0=10.0.0.0/8", "--Payroll:Vault:TrustedNetworks:1=127.0.0.0/8"];

    [OneTimeSetUp]
    public Task MigrateAsync() => Migrator.MigrateAsync();

    /// <summary>Each test works in its own day, so the windows of tests sharing the database never overlap.</summary>
    [SetUp]
    public void NextDay() => Clock.Advance(TimeSpan.FromDays(1));

    [Test]
    public async Task OutsideExposure_IsExactlyThePeopleInWhatOutsideAddressesRead()
    {
        var start = Clock.UtcNow;
        var clerk = User(1, "clerk", "10.1.2.3", "PayrollOperator");
        var outsider = User(2, "clerk2", "203.0.113.7", "PayrollOperator");
        var outsider6 = User(3, "clerk3", "2001:db8::5", "PayrollOperator");

        var registerA = await StoreAsync("payroll-register", [101, 102, 103], ["name", "salary", "bank-account"]);
        var registerB = await StoreAsync("payroll-register", [103, 104], ["name", "salary"]);
        var registerC = await StoreAsync("payroll-register", [105], ["name", "salary"]);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await ReadDocumentAsync(clerk, registerC);                 // inside: nobody exposed
        await ReadDocumentAsync(outsider, registerA);              // 101, 102, 103
        await ReadDocumentAsync(outsider, registerA);              // twice: counted twice, listed once
        await Services.SendWithinAsync(new RecordAccess(outsider6, AccessAction.View, null, "/personnel/106", [106], ["name", "national-id"], AccessOutcome.Allowed));
        await Services.SendWithinAsync(new RecordAccess(outsider, AccessAction.Download, registerB, null, [], [], AccessOutcome.Refused, "not permitted")); // refused: exposes nobody
        await Services.SendWithinAsync(new RecordAccess(outsider, AccessAction.GrantIssued, registerC, null, [], [], AccessOutcome.Allowed)); // a grant shows nothing
        Clock.Advance(TimeSpan.FromHours(2));
        var end = Clock.UtcNow;
        Clock.Advance(TimeSpan.FromMinutes(1));
        await ReadDocumentAsync(outsider, registerB);              // after the window: 104 not in

        var exposed = await SendAsync(new GetSubjectsExposed(Filter(start, end, outsideOnly: true), TestActors.Auditor));

        Assert.That(exposed.Select(e => e.SubjectId), Is.EqualTo(new long[] { 101, 102, 103, 106 }));
        var p103 = exposed.Single(e => e.SubjectId == 103);
        Assert.That(p103.AccessCount, Is.EqualTo(2));
        Assert.That(p103.DocumentIds, Is.EqualTo(new[] { registerA }));
        Assert.That(p103.DataCategories, Is.EqualTo(new[] { "bank-account", "name", "salary" }));
        Assert.That(p103.ClientIps, Is.EqualTo(new[] { "203.0.113.7" }));
        var p106 = exposed.Single(e => e.SubjectId == 106);
        Assert.That(p106.ClientIps, Is.EqualTo(new[] { "2001:db8::5" }));
        Assert.That(p106.DataCategories, Is.EqualTo(new[] { "name", "national-id" }));

        var everyone = await SendAsync(new GetSubjectsExposed(Filter(start, Clock.UtcNow.AddSeconds(1), outsideOnly: false), TestActors.Auditor));
        Assert.That(everyone.Select(e => e.SubjectId), Is.EqualTo(new long[] { 101, 102, 103, 104, 105, 106 }));

        var oneRange = await SendAsync(new GetSubjectsExposed(Filter(start, Clock.UtcNow.AddSeconds(1), outsideOnly: false) with { IpRanges = ["2001:db8::/32"] }, TestActors.Auditor));
        Assert.That(oneRange.Select(e => e.SubjectId), Is.EqualTo(new long[] { 106 }));
    }

    [Test]
    public async Task Search_FiltersByAddressActorKindSubjectAndOutcome_NewestFirst_WithPaging()
    {
        var start = Clock.UtcNow;
        var a = User(11, "alice", "10.0.0.1", "Auditor");
        var b = User(12, "bob", "198.51.100.9", "PayrollOperator");
        var doc = await StoreAsync("bank-file", [201, 202], ["bank-account"]);
        await ReadDocumentAsync(a, doc);
        await ReadDocumentAsync(b, doc);
        await Services.SendWithinAsync(new RecordAccess(b, AccessAction.View, null, "/personnel/203", [203], ["name"], AccessOutcome.Allowed));
        await Services.SendWithinAsync(new RecordAccess(b, AccessAction.Download, doc, null, [], [], AccessOutcome.Refused, "grant expired"));
        var end = Clock.UtcNow.AddSeconds(1);

        // The searches below are recorded too; they happen after the window, so the pages stay put.
        Clock.Advance(TimeSpan.FromSeconds(2));

        var byBob = await SendAsync(new GetAccesses(Filter(start, end, false) with { Actors = ["bob"] }, 1, 10, TestActors.Auditor));
        Assert.That(byBob.Entries.Select(e => e.Action), Is.EqualTo(new[] { AccessAction.Download, AccessAction.View, AccessAction.Download }), "newest first");
        Assert.That(byBob.Entries.All(e => e.ClientIp == "198.51.100.9"), Is.True);

        var outside = await SendAsync(new GetAccesses(Filter(start, end, true), 1, 10, TestActors.Auditor));
        Assert.That(outside.Entries.Select(e => e.ActorName).Distinct(), Is.EqualTo(new[] { "bob" }));

        var refused = await SendAsync(new GetAccesses(Filter(start, end, false) with { Outcome = AccessOutcome.Refused }, 1, 10, TestActors.Auditor));
        Assert.That(refused.Entries.Single().Reason, Is.EqualTo("grant expired"));

        var about202 = await SendAsync(new GetAccesses(Filter(start, end, false) with { SubjectId = 202 }, 1, 10, TestActors.Auditor));
        Assert.That(about202.Entries.Where(e => e.Outcome == AccessOutcome.Allowed).Select(e => e.ActorName), Is.EquivalentTo(new[] { "alice", "bob" }));
        Assert.That(about202.Entries.First(e => e.Outcome == AccessOutcome.Allowed).SubjectCount, Is.EqualTo(2));
        var about203 = await SendAsync(new GetAccesses(Filter(start, end, false) with { SubjectId = 203 }, 1, 10, TestActors.Auditor));
        Assert.That(about203.Entries.Single().Resource, Is.EqualTo("/personnel/203"));

        var bankFiles = await SendAsync(new GetAccesses(Filter(start, end, false) with { DocumentKinds = ["bank-file"], Outcome = AccessOutcome.Allowed }, 1, 10, TestActors.Auditor));
        Assert.That(bankFiles.Entries, Has.Count.EqualTo(2));

        var page1 = await SendAsync(new GetAccesses(Filter(start, end, false), 1, 2, TestActors.Auditor));
        var page2 = await SendAsync(new GetAccesses(Filter(start, end, false), 2, 2, TestActors.Auditor));
        Assert.That(page1.HasMore, Is.True);
        Assert.That(page1.Entries.Select(e => e.Seq).Intersect(page2.Entries.Select(e => e.Seq)), Is.Empty);
        Assert.That(page1.Entries[0].Seq, Is.GreaterThan(page2.Entries[0].Seq));
    }

    [Test]
    public async Task Searches_AreThemselvesRecorded()
    {
        var auditor = User(21, "auditor-x", "10.9.9.9", "Auditor");
        await SendAsync(new GetAccesses(Filter(Clock.UtcNow.AddDays(-1), Clock.UtcNow, false) with { SubjectId = 777 }, 1, 10, auditor));
        var searches = await SendAsync(new GetAccesses(Filter(Clock.UtcNow.AddDays(-1), Clock.UtcNow.AddSeconds(1), false) with { Actors = ["auditor-x"] }, 1, 10, TestActors.Auditor));
        var entry = searches.Entries.Single();
        Assert.That(entry.Action, Is.EqualTo(AccessAction.Search));
        Assert.That(entry.Resource, Is.EqualTo("ledger-search"));
        Assert.That(entry.SubjectCount, Is.EqualTo(1), "the person searched for");
    }

    [Test]
    public async Task ParallelWriters_KeepOneUnbrokenChain()
    {
        var actor = User(31, "busy", "10.0.0.31", "HrClerk");
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Services.SendWithinAsync(new RecordAccess(actor, AccessAction.View, null, "/personnel/" + i, [1000 + i], ["name"], AccessOutcome.Allowed))));
        var status = await SendAsync(new VerifyAuditChain(TestActors.Staff));
        Assert.That(status.All(s => s.Intact), Is.True, string.Join("; ", status.Select(s => s.Problem)));
    }

    [Test]
    public async Task Ledger_IsAppendOnly_InTheDatabase()
    {
        await Services.SendWithinAsync(new RecordAccess(User(41, "x", "10.0.0.41"), AccessAction.View, null, "/p/1", [1], ["name"], AccessOutcome.Allowed));
        await using var c = await Db.OpenAsync();
        Assert.That(async () => await c.ExecuteAsync("UPDATE vault_access SET actor = 'someone else'"), Throws.Exception.With.Message.Contains("append-only"));
        Assert.That(async () => await c.ExecuteAsync("DELETE FROM vault_access"), Throws.Exception.With.Message.Contains("append-only"));
        Assert.That(async () => await c.ExecuteAsync("DELETE FROM vault_access_subject"), Throws.Exception.With.Message.Contains("append-only"));
    }

    private static AccessFilter Filter(DateTimeOffset from, DateTimeOffset to, bool outsideOnly) =>
        new(from, to, [], outsideOnly, [], [], null, null, null);

    private async Task<string> StoreAsync(string kind, long[] subjects, string[] categories)
    {
        var stored = await Services.SendWithinAsync(new StoreDocument(kind, "Salary", "text/csv", "register.csv", "x"u8.ToArray(), subjects, categories, Job));
        return stored.DocumentId;
    }

    /// <summary>Issue "Integrity" 3: a dashboard action naming many jobs is kept whole, over as many rows as it needs.</summary>
    [Test]
    public async Task DashboardAction_WithManyJobs_IsSplitOverRows_NoneCut_AndItsShapeIsChecked()
    {
        var operatorActor = User(7, "dash-op-" + Guid.NewGuid().ToString("N")[..8], "10.1.2.3", "PayrollOperator");
        var jobs = Enumerable.Range(1, 60).Select(i => "job-" + i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await SendAsync(new RecordDashboardAction("jobs/failed/requeue", [.. jobs, "x'); DROP TABLE vault_access; --"], true, operatorActor));

        await using var c = await Db.OpenAsync();
        var rows = (await c.QueryAsync<(string Resource, string Outcome, string Action)>(
            "SELECT resource, outcome, action FROM vault_access WHERE actor = @actor ORDER BY seq", new { actor = operatorActor.Name })).AsList();
        // "dashboard/jobs/failed/requeue" is 29 characters; each id adds 11 (a separator and 10): 29 + 20 × 11 = 249 fits 256,
        // a 21st id would make 260. The last target, "-", adds 2 (251). So the rows hold 20, 20 and 20 + "-".
        Assert.That(rows, Has.Count.EqualTo(3));
        Assert.That(rows.Select(r => r.Resource.Length), Is.All.LessThanOrEqualTo(256));
        Assert.That(rows.Select(r => r.Resource), Is.All.StartsWith("dashboard/jobs/failed/requeue "));
        Assert.That(rows.Select(r => (r.Action, r.Outcome)), Is.All.EqualTo(("Operate", "Allowed")));
        var recorded = rows.SelectMany(r => r.Resource["dashboard/jobs/failed/requeue ".Length..].Split(',')).ToList();
        Assert.That(recorded, Is.EqualTo(jobs.Append("-")), "every id in order; posted text that is not an id is kept as '-'");

        Assert.That(async () => await SendAsync(new RecordDashboardAction("jobs/../../etc", [], true, operatorActor)),
            Throws.TypeOf<Payroll.Modules.Kernel.Validation.InvalidInputException>());
        Assert.That(async () => await SendAsync(new RecordDashboardAction("recurring/trigger", ["payroll-monthly"], true, User(8, "dash-emp", "10.1.2.3", "Employee"))),
            Throws.TypeOf<Payroll.Modules.Kernel.Errors.RefusedException>(), "an employee has no dashboard to act on");
    }

    private Task<long> ReadDocumentAsync(Actor actor, string documentId) =>
        Services.SendWithinAsync(new RecordAccess(actor, AccessAction.Download, documentId, null, [], [], AccessOutcome.Allowed));
}
