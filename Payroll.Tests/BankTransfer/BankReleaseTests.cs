using Payroll.Modules.Kernel.Errors;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Validation;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.BankTransfer;

/// <summary>
/// Bank files from approved runs on each engine (issue: BankTransfer): one file per payer account whose totals are the
/// run's, byte-identical when generated again, released once by a second person, the run then Paid; payee problems
/// block the file unless the person is held back; the bank's result file marks exactly the rejected credits, and the
/// people not paid become a reissue run's input. A demo city of 120 people in 4 units, each unit its own payer account.
/// </summary>
public sealed class BankReleaseTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Operator = Actor.User(20, "bank-operator", ["PayrollOperator"], sessionKey: "s-bop", clientIp: "10.0.0.1", userAgent: "test");
    private static readonly Actor Approver = Actor.User(21, "bank-approver", ["PayrollApprover"], sessionKey: "s-bap", clientIp: "10.0.0.2", userAgent: "test");
    private static readonly Actor Approver2 = Actor.User(22, "bank-approver2", ["PayrollApprover"], sessionKey: "s-bap2", clientIp: "10.0.0.3", userAgent: "test");
    private static readonly Actor BothRoles = Actor.User(23, "operator-approver", ["PayrollOperator", "PayrollApprover"], sessionKey: "s-both", clientIp: "10.0.0.4", userAgent: "test");
    private static readonly Actor Cli = TestActors.Staff;

    [OneTimeSetUp]
    public async Task SeedCityAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(4, 7, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 120, 7, TestActors.Staff));
    }

    private async Task<PayrollRunSummary> ApprovedRunAsync(string period, RunKind kind = RunKind.Regular, long? reissueOf = null)
    {
        var plan = await SendAsync(new StartPayrollRun(period, kind, [], Operator, reissueOf));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        return await Services.ApproveAcknowledgingAsync(plan.RunId, Approver);
    }

    private async Task<byte[]> ContentAsync(string documentId, Actor reader)
    {
        var grant = await SendAsync(new RequestDownload(documentId, reader));
        Assert.That(grant, Is.Not.Null, "the payroll staff may download a bank file");
        return (await SendAsync(new RedeemDownload(grant!.GrantId, reader)))!.Content;
    }

    [Test]
    public async Task ApprovedRun_OneFilePerPayerAccount_TotalsEqualTheRun_SameBytesAgain_ReleasedOnceBySomeoneElse()
    {
        var run = await ApprovedRunAsync("2026-03");

        var generation = await SendAsync(new GenerateBankFiles(run.RunId, [], BothRoles));

        var payers = await Services.SendWithinAsync(new GetPayerAccounts([]));
        Assert.That(generation.Files, Has.Count.EqualTo(payers.Select(p => (p.BankCode, p.BranchCode, p.Account)).Distinct().Count()), "one file per payer account");
        Assert.That(generation.Files.Sum(f => f.Total), Is.EqualTo(run.Totals.Net), "control total: the files pay exactly the run's net");
        Assert.That(generation.Files.Sum(f => f.Count), Is.EqualTo(run.Totals.People));
        Assert.That(generation.Files.Select(f => f.Profile).Distinct(), Is.EqualTo(new[] { "achp01" }), "the default profile");
        Assert.That(generation.Status, Is.EqualTo(new PaymentStatusCounts(run.Totals.People, 0, 0, 0, 0)));

        var file = generation.Files[0];
        var content = await ContentAsync(file.DocumentId, Operator);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(content)), Is.EqualTo(file.Sha256), "the SHA-256 shown is the stored file's");
        Assert.That(content.Length, Is.EqualTo((file.Count + 2) * 252), "250 bytes and CRLF per record, header and trailer");
        var trailer = Encoding.ASCII.GetString(content, content.Length - 252, 27);
        Assert.That(trailer, Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"EOF{file.Count:00000000}{file.Total:0000000000000000}")));
        Assert.That(file.PayerAccountMasked, Does.Contain("*"), "the payer account is shown masked");

        var again = await SendAsync(new GenerateBankFiles(run.RunId, [], Operator));
        Assert.That(again.GenerationId, Is.EqualTo(generation.GenerationId), "the same run gives the same bytes: nothing new is generated");
        Assert.That(again.Files.Select(f => f.Sha256), Is.EqualTo(generation.Files.Select(f => f.Sha256)));

        var self = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ReleaseBankFiles(run.RunId, BothRoles)));
        Assert.That(self!.Message, Does.Contain("cannot also release"));
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ReleaseBankFiles(run.RunId, Operator)), "an operator does not release");

        var released = await SendAsync(new ReleaseBankFiles(run.RunId, Approver));
        Assert.That((released.ReleasedBy, released.Status.Sent), Is.EqualTo(("bank-approver", run.Totals.People)));
        Assert.That((await SendAsync(new GetPayrollRunSummary(run.RunId, TestActors.Staff)))!.State, Is.EqualTo(RunState.Paid), "release marks the run Paid");

        var twice = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ReleaseBankFiles(run.RunId, Approver2)));
        Assert.That(twice!.Message, Does.Contain("already released"));
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new GenerateBankFiles(run.RunId, [], Operator)), "a paid run produces no new file");
        Assert.ThrowsAsync<ConflictException>(() => Services.SendWithinAsync(new MarkPayrollRunPaid(run.RunId, "bank-generation:0", Approver2)), "paid once, under one release");
    }

    [Test]
    public async Task UnapprovedRun_ProducesNoFile()
    {
        var plan = await SendAsync(new StartPayrollRun("2026-04", RunKind.Regular, [], Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        var refused = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new GenerateBankFiles(plan.RunId, [], Operator)));
        Assert.That(refused!.Message, Does.Contain("only an approved run"));
        Assert.That(await SendAsync(new GetBankGeneration(plan.RunId, TestActors.Staff)), Is.Null);
        await SendAsync(new CancelPayrollRun(plan.RunId, "test done", Operator));
    }

    [Test]
    public async Task NameOutsideBig5_BlocksTheFile_NamingThePerson_UnlessHeldBack_ThenTheReissuePaysThem()
    {
        var run = await ApprovedRunAsync("2026-05");
        var payments = (await Services.SendWithinAsync(new GetRunPayments(run.RunId, TestActors.Staff)))!.Payments;
        var rare = payments[3];
        // A name entered before Big5 was checked: 𡘙 (U+21619) has no Big5 code.
        var stored = await StoreNameAsync(rare.EmployeeId, "陳𡘙");
        try
        {
            await HeldBackAndReissuedAsync(run, rare);
        }
        finally
        {
            await RestoreNameAsync(rare.EmployeeId, stored);
        }
    }

    private async Task HeldBackAndReissuedAsync(PayrollRunSummary run, RunPayment rare)
    {

        var problems = await SendAsync(new CheckBankPayees(run.RunId, TestActors.Staff));
        Assert.That(problems.Select(p => (p.EmployeeNo, p.Field)), Is.EqualTo(new[] { (rare.EmployeeNo, "姓名") }));
        var blocked = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new GenerateBankFiles(run.RunId, [], Operator)));
        Assert.That(blocked!.Errors.Single().Field, Does.Contain(rare.EmployeeNo));
        Assert.That(blocked.Errors.Single().Message, Does.Contain("𡘙"));
        Assert.That(await SendAsync(new GetBankGeneration(run.RunId, TestActors.Staff)), Is.Null, "nothing is half generated");

        var unknown = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new GenerateBankFiles(run.RunId, ["X999999"], Operator)));
        Assert.That(unknown!.Errors.Single().Field, Is.EqualTo("holdBack"));

        var generation = await SendAsync(new GenerateBankFiles(run.RunId, [rare.EmployeeNo], Operator));
        Assert.That(generation.Held.Select(h => (h.EmployeeNo, h.Amount)), Is.EqualTo(new[] { (rare.EmployeeNo, rare.Net) }));
        Assert.That(generation.Held[0].Reason, Does.Contain("𡘙"));
        Assert.That(generation.Files.Sum(f => f.Total) + rare.Net, Is.EqualTo(run.Totals.Net), "files plus the held payment are the run's net");

        await SendAsync(new ReleaseBankFiles(run.RunId, Approver));
        var unpaid = await SendAsync(new GetUnpaidPayments(run.RunId, TestActors.Staff));
        Assert.That(unpaid.Select(u => (u.EmployeeNo, u.Status)), Is.EqualTo(new[] { (rare.EmployeeNo, "Held") }));

        var reissue = await SendAsync(new StartPayrollRun("2026-05", RunKind.OffCycle, [], Operator, run.RunId));
        Assert.That(reissue.People, Is.EqualTo(1), "the reissue pays exactly the person held back");
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new StartPayrollRun("2026-05", RunKind.OffCycle, [], Operator, run.RunId)), "and only once");
        await SendAsync(new CancelPayrollRun(reissue.RunId, "test done", Operator));
    }

    [Test]
    public async Task ConfiguredSubstitution_ReplacesTheCharacter_AndSaysSo()
    {
        var run = await ApprovedRunAsync("2026-08");
        var rare = (await Services.SendWithinAsync(new GetRunPayments(run.RunId, TestActors.Staff)))!.Payments[5];
        var stored = await StoreNameAsync(rare.EmployeeId, "陳𡘙");
        try
        {
            await using var substituting = BuildServices(Database, Clock, ["--Payroll:Bank:NameSubstitutions:𡘙=○"]);
            await using var scope = substituting.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            var export = await sender.Send(new ExportBankFiles(run.RunId, null, [], Operator));

            Assert.That(export.Generation.Held, Is.Empty);
            Assert.That(export.Generation.Notes, Is.EqualTo(new[] { $"{rare.EmployeeNo}：姓名「𡘙」以「○」代替（big5）" }), "the substitution is reported with the file");
            var big5 = Payroll.Modules.BankTransfer.Formats.PaymentChecks.Strict("big5");
            var names = export.Contents.Select(c => big5.GetString(c)).Single(t => t.Contains(rare.EmployeeNo, StringComparison.Ordinal));
            Assert.That(names, Does.Contain("陳○").And.Not.Contain("?"));
            Assert.That((await sender.Send(new GetBankGeneration(run.RunId, TestActors.Staff)))!.Notes, Has.Count.EqualTo(1), "and kept with the generation");
        }
        finally
        {
            await RestoreNameAsync(rare.EmployeeId, stored);
        }
    }

    /// <summary>Stores another name for a person (encrypted, as the Personnel module does); returns the stored one to put back.</summary>
    private async Task<byte[]> StoreNameAsync(long employeeId, string name)
    {
        var sealedName = Services.GetRequiredService<FieldCipher>().EncryptString(name, "personnel_employee_version", "name", employeeId.ToString(CultureInfo.InvariantCulture));
        await using var c = await Db.OpenAsync();
        var before = await c.ExecuteScalarAsync<byte[]>("SELECT name FROM personnel_employee_version WHERE employee_id = @id LIMIT 1", new { id = employeeId }) ?? [];
        await c.ExecuteAsync("UPDATE personnel_employee_version SET name = @sealedName WHERE employee_id = @id", new { sealedName, id = employeeId });
        return before;
    }

    private async Task RestoreNameAsync(long employeeId, byte[] stored)
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync("UPDATE personnel_employee_version SET name = @stored WHERE employee_id = @id", new { stored, id = employeeId });
    }

    [Test]
    public async Task TwoApprovers_ReleasingAtOnce_OnlyOneSucceeds()
    {
        var run = await ApprovedRunAsync("2026-10");
        await SendAsync(new GenerateBankFiles(run.RunId, [], Operator));

        var attempts = await Task.WhenAll(new[] { Approver, Approver2, Approver, Approver2 }.Select(async a =>
        {
            try
            {
                await SendAsync(new ReleaseBankFiles(run.RunId, a));
                return true;
            }
            catch (Exception ex) when (ex is ConflictException or Npgsql.PostgresException or Microsoft.Data.Sqlite.SqliteException)
            {
                return false;
            }
        }));

        Assert.That(attempts.Count(ok => ok), Is.EqualTo(1), "a run is released once");
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM banktransfer_release WHERE run_id = @id", new { id = run.RunId }), Is.EqualTo(1));
    }

    [Test]
    public async Task ReturnFile_MarksExactlyTheRejectedCredits_AllOrNothing_AndOnce()
    {
        var run = await ApprovedRunAsync("2026-06");
        var generation = await SendAsync(new GenerateBankFiles(run.RunId, [], Operator));
        var file = generation.Files.OrderByDescending(f => f.Count).First();
        var sent = await ContentAsync(file.DocumentId, Operator);
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ImportBankReturn(run.RunId, Answer(sent, []), "r.txt", Operator)), "results come after the release");
        await SendAsync(new ReleaseBankFiles(run.RunId, Approver));

        var bad = Answer(sent, []);
        var payeeBankDigit = 252 + 37 + 6;
        bad[payeeBankDigit] = (byte)(bad[payeeBankDigit] == '9' ? '8' : bad[payeeBankDigit] + 1);
        var refused = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportBankReturn(run.RunId, bad, "r.txt", Operator)));
        Assert.That(refused!.Errors.Select(e => e.Row), Does.Contain(2), "the line of the detail that does not match is named");

        var result = await SendAsync(new ImportBankReturn(run.RunId, Answer(sent, new() { [2] = "04", [5] = "11" }), "r.txt", Operator));
        Assert.That((result.Paid, result.Rejected), Is.EqualTo((file.Count - 2, 2)));
        Assert.That(result.Rejections.Select(r => (r.Code, r.Reason)), Is.EqualTo(new[] { ("04", "無此帳號"), ("11", "靜止戶") }));

        var unpaid = await SendAsync(new GetUnpaidPayments(run.RunId, TestActors.Staff));
        Assert.That(unpaid.Select(u => u.EmployeeNo), Is.EqualTo(result.Rejections.Select(r => r.EmployeeNo).Order(StringComparer.Ordinal)), "exactly the rejected people");
        var status = (await SendAsync(new GetBankGeneration(run.RunId, TestActors.Staff)))!.Status;
        Assert.That((status.Paid, status.Rejected, status.Sent), Is.EqualTo((file.Count - 2, 2, run.Totals.People - file.Count)));

        var same = await SendAsync(new ImportBankReturn(run.RunId, Answer(sent, new() { [2] = "04", [5] = "11" }), "r.txt", Operator));
        Assert.That(same.Rejected, Is.EqualTo(2), "the same result file again changes nothing");
        var flip = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ImportBankReturn(run.RunId, Answer(sent, []), "r2.txt", Operator)));
        Assert.That(flip!.Errors.Select(e => e.Row), Is.EquivalentTo(new int?[] { 3, 6 }), "a settled credit is never flipped by another file");

        var reissue = await SendAsync(new StartPayrollRun("2026-06", RunKind.OffCycle, [], Operator, run.RunId));
        Assert.That(reissue.People, Is.EqualTo(2), "the rejected people are the reissue's input");
        await SendAsync(new CancelPayrollRun(reissue.RunId, "test done", Operator));
    }

    [Test]
    public async Task Export_InEachProfile_GivesItsBytes_AndAJsonLayoutByName()
    {
        var run = await ApprovedRunAsync("2026-07");
        var layouts = Path.Combine(Database.DataDirectory, "bank-layouts");
        Directory.CreateDirectory(layouts);
        await File.WriteAllTextAsync(Path.Combine(layouts, "citybank.json"), LayoutTests.SampleLayout);

        var pain = await SendAsync(new ExportBankFiles(run.RunId, "pain001", [], Cli));
        Assert.That(pain.Generation.Files.Select(f => f.Profile).Distinct(), Is.EqualTo(new[] { "pain001" }));
        Assert.That(Encoding.UTF8.GetString(pain.Contents[0]), Does.Contain("<CtrlSum>" + pain.Generation.Files[0].Total.ToString(CultureInfo.InvariantCulture) + "</CtrlSum>"));

        var custom = await SendAsync(new ExportBankFiles(run.RunId, "citybank", [], Cli));
        Assert.That(custom.Generation.GenerationId, Is.Not.EqualTo(pain.Generation.GenerationId), "another profile supersedes the unreleased generation");
        Assert.That(custom.Generation.Files.Sum(f => f.Total), Is.EqualTo(run.Totals.Net));

        var missing = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new ExportBankFiles(run.RunId, "nobank", [], Cli)));
        Assert.That(missing!.Errors.Single().Field, Is.EqualTo("profile"));
    }

    /// <summary>The bank's answer to a file we sent: every detail "00", or the given code for the given detail (1-based).</summary>
    internal static byte[] Answer(byte[] sent, Dictionary<int, string> codes)
    {
        var answer = (byte[])sent.Clone();
        var details = answer.Length / 252 - 2;
        for (var n = 1; n <= details; n++)
        {
            Encoding.ASCII.GetBytes(codes.GetValueOrDefault(n, "00"), 0, 2, answer, (n * 252) + Achp01Writer.ResponseAt);
        }

        return answer;
    }
}
