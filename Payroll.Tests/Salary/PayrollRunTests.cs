using Payroll.Modules.Kernel.Errors;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Salary;

/// <summary>Runs end to end on each engine: a small demo city (200 people, 6 units) in chunks of 40.</summary>
public sealed class PayrollRunTests(string provider) : DatabaseFixture(provider)
{
    internal static readonly Actor Operator = Actor.User(10, "operator", ["PayrollOperator"], sessionKey: "s-op", clientIp: "10.0.0.1", userAgent: "test");
    internal static readonly Actor SecondOperator = Actor.User(12, "operator2", ["PayrollOperator"], sessionKey: "s-op2", clientIp: "10.0.0.3", userAgent: "test");
    internal static readonly Actor Approver = Actor.User(11, "approver", ["PayrollApprover"], sessionKey: "s-ap", clientIp: "10.0.0.2", userAgent: "test");
    private static readonly Actor Cli = TestActors.Staff;

    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Salary:ChunkSize=40"];

    [OneTimeSetUp]
    public async Task SeedCityAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(6, 42, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 200, 42, TestActors.Staff));
    }

    [TearDown]
    public async Task CancelOpenRunsAsync()
    {
        foreach (var run in (await SendAsync(new ListPayrollRuns(TestActors.Staff, 500))).Runs)
        {
            if (run.State is RunState.Calculating or RunState.Calculated)
            {
                await SendAsync(new CancelPayrollRun(run.RunId, "test done", Operator));
            }
        }
    }

    /// <summary>Every chunk of the plan, as the jobs would calculate them.</summary>
    internal async Task<PayrollRunSummary> CalculateAsync(RunPlan plan)
    {
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        return (await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!;
    }

    /// <summary>Views of any run recorded in the access ledger.</summary>
    private async Task<long> RunViewsAsync()
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_access WHERE resource LIKE '/payroll/runs/%' AND action = 'View'");
    }

    private Task<List<OpenedPayslip>> SlipsAsync(long runId, bool currentOnly = true) => Services.PayslipsAsync(runId, currentOnly);

    private async Task<long> LineSumAsync(long runId, long employeeId, long version, string kindPrefix)
    {
        var lines = (await Services.PayslipsAsync(runId, currentOnly: false)).Single(p => p.EmployeeId == employeeId && p.Version == version).Lines;
        // The employer's shares (ER:...) are neither earnings nor deductions of the person.
        return lines.Where(l => !l.Code.StartsWith("ER:", StringComparison.Ordinal))
            .Where(l => kindPrefix == "E" ? l.Code is "BASE" or "PROF" or "SUPV" or "AREA" : l.Code is not ("BASE" or "PROF" or "SUPV" or "AREA")).Sum(l => l.Amount);
    }

    [Test]
    public async Task Run_PaysEveryoneOnce_NetIsGrossMinusDeductions_AndTotalsAddUp()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        Assert.That(plan.Chunks, Has.Count.EqualTo((plan.People + 39) / 40));
        var summary = await CalculateAsync(plan);

        Assert.That(summary.State, Is.EqualTo(RunState.Calculated));
        Assert.That((summary.ChunksDone, summary.ChunksTotal), Is.EqualTo((plan.Chunks.Count, plan.Chunks.Count)));
        var slips = await SlipsAsync(plan.RunId);
        Assert.That(slips.Select(s => s.EmployeeId), Is.Unique);
        Assert.That(slips, Has.Count.InRange(plan.People - 10, plan.People), "those on leave all month are not paid");
        foreach (var s in slips.Take(30))
        {
            Assert.That(s.Net, Is.EqualTo(s.Gross - s.Deductions), s.EmployeeNo);
            Assert.That(await LineSumAsync(plan.RunId, s.EmployeeId, 1, "E"), Is.EqualTo(s.Gross), s.EmployeeNo);
            Assert.That(await LineSumAsync(plan.RunId, s.EmployeeId, 1, "D"), Is.EqualTo(s.Deductions), s.EmployeeNo);
        }

        var paid = slips.Where(s => s.Exception is null).ToList();
        Assert.That(summary.Totals, Is.EqualTo(new RunTotals(paid.Count, paid.Sum(s => s.Gross), paid.Sum(s => s.Deductions), paid.Sum(s => s.Net), slips.Count - paid.Count)));

        var detail = (await SendAsync(new GetPayrollRun(plan.RunId, Operator)))!;
        Assert.That(detail.Units.Sum(u => u.Totals.Gross), Is.EqualTo(summary.Totals.Gross), "unit totals add up to the run's");
        Assert.That(detail.Units.Sum(u => u.Totals.People), Is.EqualTo(summary.Totals.People));
        Assert.That(detail.Versions.Single().People, Is.EqualTo(plan.People));
    }

    [Test]
    public async Task SecondRun_ForTheSamePeriod_IsRefused_UntilTheFirstIsCancelled()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await CalculateAsync(plan);

        var refused = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, ["U0001"], Operator)));
        Assert.That(refused!.Message, Does.Contain($"Run {plan.RunId}"));

        await SendAsync(new CancelPayrollRun(plan.RunId, "wrong tables", Operator));
        var again = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, ["U0001"], Operator));
        Assert.That(again.RunId, Is.Not.EqualTo(plan.RunId));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, ["U0001", "U0002"], Operator)), "U0001 overlaps");
        Assert.DoesNotThrowAsync(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, ["U0002"], Operator)), "disjoint units may run apart");
    }

    [Test]
    public async Task BadInput_IsRefused_WithTheFieldNamed()
    {
        var before = (await SendAsync(new ListPayrollRuns(TestActors.Staff, 500))).Runs.Select(r => r.RunId).ToList();
        var period = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new StartPayrollRun("2026-13", RunKind.Regular, [], Operator)));
        Assert.That(period!.Errors.Single().Field, Is.EqualTo("period"));
        var unit = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, ["U0001", "NOPE"], Operator)));
        Assert.That(unit!.Message, Does.Contain("NOPE"));
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Approver)), "an approver does not start runs");
        Assert.That((await SendAsync(new ListPayrollRuns(TestActors.Staff, 500))).Runs.Select(r => r.RunId), Is.EqualTo(before), "nothing was half started");
    }

    [Test]
    public async Task Rerun_OfAnUnchangedRun_GivesIdenticalResults()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        var first = await CalculateAsync(plan);
        var before = (await SlipsAsync(plan.RunId)).ToDictionary(s => s.EmployeeId);

        var rerun = await SendAsync(new RerunPayroll(plan.RunId, [], null, Operator));
        Assert.That(rerun.Version, Is.EqualTo(2));
        var second = await CalculateAsync(rerun);
        var after = await SlipsAsync(plan.RunId);

        Assert.That(second.Version, Is.EqualTo(2));
        Assert.That(second.Totals, Is.EqualTo(first.Totals));
        Assert.That(after.Select(s => s.Version).Distinct(), Is.EqualTo(new long[] { 1 }), "nothing changed, so nothing was rewritten: the results stand");
        Assert.That(after.Select(s => (s.EmployeeId, s.Gross, s.Deductions, s.Net, s.Exception)), Is.EquivalentTo(before.Values.Select(s => (s.EmployeeId, s.Gross, s.Deductions, s.Net, s.Exception))));
        Assert.That((await SendAsync(new GetRunVersionChanges(plan.RunId, 2, Operator))).Changes, Is.Empty);
    }

    [Test]
    public async Task Changes_OfAFirstCalculation_ComeAPageOfPeopleAtATime_EachPageRecordedWithItsPeople()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await CalculateAsync(plan);
        var paid = (await SlipsAsync(plan.RunId)).OrderBy(s => s.UnitCode, StringComparer.Ordinal).ThenBy(s => s.EmployeeNo, StringComparer.Ordinal).ToList();

        // Everyone's pay is new in version 1: 3 people a page, in unit and employee-number order.
        var first = await SendAsync(new GetRunVersionChanges(plan.RunId, 1, Operator, Page: 1, PageSize: 3));
        var second = await SendAsync(new GetRunVersionChanges(plan.RunId, 1, Operator, Page: 2, PageSize: 3));
        Assert.That(first.People, Is.EqualTo(paid.Count));
        Assert.That(first.Changes.Select(c => c.EmployeeNo).Distinct(), Is.EqualTo(paid.Take(3).Select(s => s.EmployeeNo)));
        Assert.That(second.Changes.Select(c => c.EmployeeNo).Distinct(), Is.EqualTo(paid.Skip(3).Take(3).Select(s => s.EmployeeNo)));
        Assert.That(first.Changes.Where(c => c.Code == "NET").Select(c => c.After), Is.EqualTo(paid.Take(3).Select(s => (long?)s.Net)));
        var beyond = await SendAsync(new GetRunVersionChanges(plan.RunId, 1, Operator, Page: 1000, PageSize: 3));
        Assert.That(beyond.Changes, Is.Empty);

        // The ledger names the people each page showed, not the whole run.
        await using (var c = await Db.OpenAsync())
        {
            var subjects = (await c.QueryAsync<long>(
                "SELECT s.subject_id FROM vault_access_subject s WHERE s.access_seq = (SELECT MAX(a.seq) FROM vault_access a WHERE a.resource = @resource AND a.action = 'View')",
                new { resource = $"/payroll/runs/{plan.RunId}/versions/1" })).ToList();
            Assert.That(subjects, Is.EquivalentTo(paid.Skip(3).Take(3).Select(s => s.EmployeeId)), "the last page that showed anyone: the second");
        }

        var bad = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new GetRunVersionChanges(plan.RunId, 1, Operator, Page: 0, PageSize: 5000)));
        Assert.That(bad!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "page", "pageSize" }));
    }

    [Test]
    public async Task Rerun_OfOneUnit_LeavesTheOthersUntouched_AndShowsWhatChanged()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        var first = await CalculateAsync(plan);
        var before = await SlipsAsync(plan.RunId);
        var person = before.First(s => s.Exception is null && s.UnitCode == before[0].UnitCode);
        var employee = (await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff, [person.EmployeeId]))).Single();
        var clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr");
        await ChangeApprovedAsync(new ChangeEmployee(person.EmployeeNo, new DateOnly(2026, 12, 1), "考績晉級", new EmployeeChanges(NhiDependents: employee.NhiDependents == 0 ? 2 : 0), clerk));

        var rerun = await SendAsync(new RerunPayroll(plan.RunId, [person.UnitCode], null, SecondOperator));
        var second = await CalculateAsync(rerun);
        var after = await SlipsAsync(plan.RunId);

        Assert.That(after.Where(s => s.EmployeeId != person.EmployeeId).Select(s => s.Version).Distinct(), Is.EqualTo(new long[] { 1 }), "everyone else keeps their result");
        Assert.That(after.Single(s => s.EmployeeId == person.EmployeeId).Version, Is.EqualTo(2), "the corrected person has a new one");
        Assert.That(after.Select(s => s.EmployeeId), Is.Unique, "nobody is in a run twice");
        var changes = (await SendAsync(new GetRunVersionChanges(plan.RunId, 2, Operator))).Changes;
        Assert.That(changes.Select(c => c.EmployeeNo).Distinct(), Is.EqualTo(new[] { person.EmployeeNo }));
        Assert.That(changes.Select(c => c.Code), Does.Contain("NHI").And.Contain("NET"));
        Assert.That(second.Totals.Net - first.Totals.Net, Is.EqualTo(after.Single(s => s.EmployeeId == person.EmployeeId).Net - person.Net));
        var detail = (await SendAsync(new GetPayrollRun(plan.RunId, Operator)))!;
        Assert.That(detail.Versions.Select(v => (v.Version, v.Scope, v.RequestedBy)), Is.EqualTo(new[] { (1, "all", "operator"), (2, "units:" + person.UnitCode, "operator2") }));
    }

    [Test]
    public async Task Rerun_OfOnePerson_CoversOnlyThem()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await CalculateAsync(plan);
        var someone = (await SlipsAsync(plan.RunId)).Where(s => s.Exception is null).ElementAt(5);

        // Unchanged: the rerun covers them, finds the same result, and leaves it standing.
        var same = await SendAsync(new RerunPayroll(plan.RunId, [], someone.EmployeeNo, Operator));
        await CalculateAsync(same);
        Assert.That(same.People, Is.EqualTo(1));
        Assert.That((await SlipsAsync(plan.RunId)).All(s => s.Version == 1), Is.True);

        // Corrected: only their result is replaced.
        var employee = (await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff, [someone.EmployeeId]))).Single();
        await ChangeApprovedAsync(new ChangeEmployee(someone.EmployeeNo, new DateOnly(2026, 12, 1), "扶養更正", new EmployeeChanges(TaxDependents: employee.TaxDependents + 1, NhiDependents: employee.NhiDependents == 0 ? 1 : 0),
            Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr")));
        var corrected = await SendAsync(new RerunPayroll(plan.RunId, [], someone.EmployeeNo, Operator));
        await CalculateAsync(corrected);
        var after = await SlipsAsync(plan.RunId);
        Assert.That(after.Single(s => s.Version == corrected.Version).EmployeeId, Is.EqualTo(someone.EmployeeId));
        Assert.That(after.Select(s => s.EmployeeId), Is.Unique);
    }

    [Test]
    public async Task RunOfOneUnit_IsComparedWithThePreviousMonth_InThatUnitOnly()
    {
        var march = await SendAsync(new StartPayrollRun("2027-08", RunKind.Regular, [], Operator));
        await CalculateAsync(march);
        await Services.ApproveAcknowledgingAsync(march.RunId, Approver);

        var april = await SendAsync(new StartPayrollRun("2027-09", RunKind.Regular, ["U0002"], Operator));
        await CalculateAsync(april);
        var detail = (await SendAsync(new GetPayrollRun(april.RunId, Operator)))!;
        Assert.That(detail.PreviousRunId, Is.EqualTo(march.RunId));
        Assert.That(detail.Checks.Where(c => c.Kind is "missing-person" or "new-person"), Is.Empty,
            "the other units' people are not 'missing' from a run that was not asked to pay them");
    }

    [Test]
    public async Task SeparationOfDuties_StarterAndRerunnerCannotApprove_ApprovedRunIsLocked()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await CalculateAsync(plan);
        await CalculateAsync(await SendAsync(new RerunPayroll(plan.RunId, ["U0001"], null, SecondOperator)));

        var starterAsApprover = Operator with { Roles = ["PayrollOperator", "PayrollApprover"] };
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, starterAsApprover)), "the starter");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, SecondOperator with { Roles = ["PayrollApprover"] })), "the one who reran it");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, Actor.User(30, "clerk", ["HrClerk"]))), "not an approver");

        var approved = await Services.ApproveAcknowledgingAsync(plan.RunId, Approver);
        Assert.That((approved.State, approved.ApprovedBy), Is.EqualTo((RunState.Approved, "approver")));

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new RerunPayroll(plan.RunId, [], null, Operator)), "approved runs are locked");
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CancelPayrollRun(plan.RunId, "too late", Operator)));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, Approver with { Name = "approver2" })), "approved once");
    }

    [Test]
    public async Task TriggeredByHand_TheRunNamesWhoClicked_AndThatAccountCannotApproveIt()
    {
        // "Trigger now" on the dashboard: the scheduled job starts the run and carries the account that clicked it.
        var job = Actor.Job("payroll-monthly");
        var plan = await SendAsync(new StartPayrollRun("2027-06", RunKind.Regular, [], job, TriggeredBy: "approver"));
        var run = await CalculateAsync(plan);
        Assert.That(run.StartedBy, Is.EqualTo("job:payroll-monthly, triggered by approver"));
        var refused = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, Approver)));
        Assert.That(refused!.Rule, Is.EqualTo(RefusedException.FourEyesRule));

        // Only the job names who triggered it: a person starting a run is its preparer already.
        Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new StartPayrollRun("2027-07", RunKind.Regular, [], Operator, TriggeredBy: "someone")));
        await SendAsync(new CancelPayrollRun(plan.RunId, "test over", Operator));
    }

    [Test]
    public async Task ApprovingAndCancelling_RecordNoViewOfTheRun_OnlyAPersonLookingDoes()
    {
        // A previous month of one unit only: the runs below name the people of the other units as new, so a view of
        // either run is recorded, and approving or cancelling would have recorded one if it looked.
        await CalculateAsync(await SendAsync(new StartPayrollRun("2025-05", RunKind.Regular, ["U0001"], Operator)));
        var approvedPlan = await SendAsync(new StartPayrollRun("2025-06", RunKind.Regular, ["U0001", "U0002"], Operator));
        await CalculateAsync(approvedPlan);
        var cancelledPlan = await SendAsync(new StartPayrollRun("2025-06", RunKind.Regular, ["U0003"], Operator));
        await CalculateAsync(cancelledPlan);
        var before = await RunViewsAsync();

        await Services.ApproveAcknowledgingAsync(approvedPlan.RunId, Approver);
        await SendAsync(new CancelPayrollRun(cancelledPlan.RunId, "wrong scope", Operator));
        Assert.That(await RunViewsAsync(), Is.EqualTo(before), "nobody looked at the runs' checks");

        var detail = await SendAsync(new GetPayrollRun(approvedPlan.RunId, Approver));
        Assert.That(detail!.Checks.Count(c => c.Kind == "new-person"), Is.GreaterThan(0));
        Assert.That(await RunViewsAsync(), Is.EqualTo(before + 1), "a person's view is recorded");
    }

    [Test]
    public async Task RunList_IsFilteredSortedAndPagedInTheDatabase_WithACursorThatReachesEveryRun()
    {
        var started = new List<long>();
        foreach (var period in new[] { "2025-03", "2025-01", "2025-02" })
        {
            var plan = await SendAsync(new StartPayrollRun(period, RunKind.Regular, ["U0003"], Operator));
            started.Add(plan.RunId);
            await SendAsync(new CancelPayrollRun(plan.RunId, "listed only", Operator));
        }

        var bonus = await SendAsync(new StartPayrollRun("2025-12", RunKind.YearEndBonus, ["U0003"], Operator));
        await SendAsync(new CancelPayrollRun(bonus.RunId, "listed only", Operator));

        // Newest first, two a page: the cursor leads through every run, none twice.
        var seen = new List<PayrollRunSummary>();
        string? after = null;
        do
        {
            var page = await SendAsync(new ListPayrollRuns(TestActors.Staff, 2, After: after));
            Assert.That(page.Runs, Has.Count.LessThanOrEqualTo(2));
            seen.AddRange(page.Runs);
            after = page.Next;
        }
        while (after is not null);
        Assert.That(seen.Select(r => r.RunId), Is.Unique);
        Assert.That(seen.Select(r => (r.StartedAt, r.RunId)), Is.EqualTo(seen.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId).Select(r => (r.StartedAt, r.RunId))), "started later, listed first");
        Assert.That(seen.Select(r => r.RunId), Is.SupersetOf(started.Append(bonus.RunId)));

        var byPeriod = (await SendAsync(new ListPayrollRuns(TestActors.Staff, 10, Kind: RunKind.Regular, State: RunState.Cancelled, Sort: RunSort.PeriodAscending))).Runs
            .Where(r => started.Contains(r.RunId)).Select(r => r.Period);
        Assert.That(byPeriod, Is.EqualTo(new[] { "2025-01", "2025-02", "2025-03" }));
        Assert.That((await SendAsync(new ListPayrollRuns(TestActors.Staff, 10, Period: "2025-12", Kind: RunKind.YearEndBonus))).Runs.Select(r => r.RunId), Does.Contain(bonus.RunId));
        Assert.That((await SendAsync(new ListPayrollRuns(TestActors.Staff, 10, Period: "2025-02"))).Runs.Select(r => r.Period), Is.All.EqualTo("2025-02"));

        var first = await SendAsync(new ListPayrollRuns(TestActors.Staff, 1, Sort: RunSort.PeriodDescending));
        var wrongOrder = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ListPayrollRuns(TestActors.Staff, 1, After: first.Next)));
        Assert.That(wrongOrder!.Errors.Single().Field, Is.EqualTo("after"), "a cursor belongs to its order");
        Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ListPayrollRuns(TestActors.Staff, 0)));
        Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new ListPayrollRuns(TestActors.Staff, 5, Period: "115-01")));
    }

    [Test]
    public async Task CalculatingRun_CannotBeApproved_OrRerun()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, 1, TestActors.Chunk));

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ApprovePayrollRun(plan.RunId, Approver)));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new RerunPayroll(plan.RunId, [], null, Operator)));
        Assert.That((await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.ChunksDone, Is.EqualTo(1));
    }

    [Test]
    public async Task CrashedWorker_ChunkIsTakenOverAfterItsLease_AndTheRunMatchesAnUninterruptedOne()
    {
        var reference = await CalculateAsync(await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator)));
        await SendAsync(new CancelPayrollRun(reference.RunId, "reference", Operator));

        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator));
        await using (var c = await Db.OpenAsync())
        {
            // A worker claimed chunk 2 and died: its lease is held for five minutes.
            await c.ExecuteAsync(
                "UPDATE salary_run_chunk SET claimed_until = @until, attempts = 1 WHERE run_id = @RunId AND chunk_no = 2",
                new { plan.RunId, until = Clock.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds() });
        }

        var stuck = await CalculateAsync(plan);
        Assert.That(stuck.State, Is.EqualTo(RunState.Calculating));
        Assert.That((await SendAsync(new FindStalledPayrollWork(TestActors.PayrollSweeper))).Chunks, Is.Empty, "the lease is still valid");

        Clock.Advance(TimeSpan.FromMinutes(6));
        var stalled = await SendAsync(new FindStalledPayrollWork(TestActors.PayrollSweeper));
        Assert.That(stalled.Chunks, Is.EqualTo(new[] { new ChunkRef(plan.RunId, 1, 2) }));
        Assert.That((await SendAsync(new FindStalledPayrollWork(TestActors.PayrollSweeper))).Chunks, Is.Empty, "enqueued once per stall");
        var outcome = await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, 2, TestActors.Chunk));

        Assert.That(outcome, Is.EqualTo(new ChunkOutcome(true, true)));
        var done = (await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!;
        Assert.That(done.State, Is.EqualTo(RunState.Calculated));
        Assert.That(done.Totals, Is.EqualTo(reference.Totals));
        Assert.That((await SlipsAsync(plan.RunId)).Select(s => s.EmployeeId), Is.Unique);
        Assert.That(await SendAsync(new CalculatePayrollChunk(plan.RunId, 1, 2, TestActors.Chunk)), Is.EqualTo(new ChunkOutcome(false, false)), "a repeated job is a no-op");
    }

    [Test]
    public async Task BonusRuns_PayBonusLinesOnly_BesideTheRegularRun_AndPerformanceNeedsLastYearsAppraisal()
    {
        await CalculateAsync(await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], Operator)));
        var bad = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() => SendAsync(new StartPayrollRun("2026-11", RunKind.YearEndBonus, [], Operator)));
        Assert.That(bad!.Errors.Single().Field, Is.EqualTo("period"));

        var yearEnd = await CalculateAsync(await SendAsync(new StartPayrollRun("2026-12", RunKind.YearEndBonus, [], Operator)));
        Assert.That((yearEnd.State, yearEnd.Kind), Is.EqualTo((RunState.Calculated, RunKind.YearEndBonus)));
        Assert.That(yearEnd.Totals.Gross, Is.GreaterThan(0));
        var codes = (await SlipsAsync(yearEnd.RunId)).SelectMany(p => p.Lines).Select(l => l.Code).Distinct().ToList();
        Assert.That(codes, Is.SupersetOf(new[] { "YEB", "TAX", "SUPP" }).And.No.Member("BASE").And.No.Member("NHI"));

        var clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr");
        var someone = (await SlipsAsync(yearEnd.RunId)).First(s => s.Exception is null);
        await SendAsync(new SaveAppraisal(someone.EmployeeNo, 2026, AppraisalGrade.Jia, new DateOnly(2027, 1, 10), clerk));
        var performance = await CalculateAsync(await SendAsync(new StartPayrollRun("2027-01", RunKind.PerformanceBonus, [], Operator)));
        var slips = await SlipsAsync(performance.RunId);
        Assert.That(slips.Single(s => s.EmployeeId == someone.EmployeeId).Exception, Is.Null);
        Assert.That(slips.Where(s => s.EmployeeId != someone.EmployeeId).All(s => s.Exception!.Contains("缺 2026 年考績", StringComparison.Ordinal)), Is.True);
        Assert.That(performance.Totals.People, Is.EqualTo(1));
    }

    [Test]
    public async Task OffCycleRun_PaysOnlyThoseNoRunOfTheMonthCovers_AndNobodyTwice()
    {
        // A month of its own: the approved run stays in this fixture's database.
        var regular = await CalculateAsync(await SendAsync(new StartPayrollRun("2027-03", RunKind.Regular, ["U0001"], Operator)));
        await Services.ApproveAcknowledgingAsync(regular.RunId, Approver);
        var clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr");
        await SaveApprovedAsync(new SaveEmployee(new EmployeeInput(
            "LATE01", "U0001", "王晚到", null, "A123456789", new DateOnly(1990, 5, 1), StaffCategory.CivilServant, "薦任", 6, 385, "一般行政", 6, null, null, 0, "公保",
            PensionScheme.PersonalAccount, WithholdingMethod.Table, 0, true, "004", "0037", "12345678901234", null, null, null, EmploymentStatus.Active, new DateOnly(2027, 3, 16)),
            new DateOnly(2027, 3, 16), "到職（批次核定後）", clerk));

        var offCycle = await CalculateAsync(await SendAsync(new StartPayrollRun("2027-03", RunKind.OffCycle, ["U0001"], Operator)));

        var slips = await SlipsAsync(offCycle.RunId);
        Assert.That(slips.Select(s => s.EmployeeNo), Is.EqualTo(new[] { "LATE01" }));
        Assert.That(slips.Single().Gross, Is.EqualTo(15_107 + 12_279), "16 of 31 March days (see PayCalculatorTests.Joiner_*)");
        var again = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new StartPayrollRun("2027-03", RunKind.OffCycle, ["U0001"], Operator)));
        Assert.That(again!.Message, Does.Contain("nobody is paid twice"));
    }
}
