using Dapper;
using System.Text.Json;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Tests.Host;
using Payroll.Tests.Support;

namespace Payroll.Tests.BankTransfer;

/// <summary><c>payroll bank export|release|return|show</c>: the demo city's approved run paid from a script, in each built-in profile.</summary>
public sealed class BankCliTests(string provider) : DatabaseFixture(provider)
{
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliTests.RunInAsync(Database, args);

    /// <summary>A verb acting as the database's member of staff, signed in with password and TOTP code.</summary>
    private async Task<(int Code, string Output, string Error)> AsStaffAsync(params string[] args) =>
        await CliTests.RunAsAsync(Database, (await CliTests.AccountsAsync(Database)).Staff, args);

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Export_EachProfile_ReleaseOnce_ThenTheBanksResult()
    {
        Assert.That((await RunAsync("demo", "seed", "--employees", "60", "--units", "3")).Code, Is.Zero);
        var (startCode, started, startError) = await AsStaffAsync("run", "start", "--period", "2026-09", "--wait");
        Assert.That(startCode, Is.Zero, startError);
        var runId = started.Split(' ')[1];
        var approver = await CliTests.AddUserAsync(Database, (await CliTests.AccountsAsync(Database)).Admin, "approver1", Roles.PayrollApprover);
        var (early, _, earlyError) = await AsStaffAsync("bank", "export", "--run", runId, "--out", Path.Combine(Database.DataDirectory, "early.txt"));
        Assert.That(early, Is.EqualTo(1), "refused: the run is not approved");
        Assert.That(earlyError, Does.Contain("only an approved run"));
        Assert.That((await CliTests.ApproveAcknowledgingAsync(Database, runId, approver)).Code, Is.Zero);

        var xml = Path.Combine(Database.DataDirectory, "salary.xml");
        var (painCode, pain, painError) = await AsStaffAsync("bank", "export", "--run", runId, "--profile", "pain001", "--out", xml);
        Assert.That(painCode, Is.Zero, painError);
        var written = pain.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.That(written, Has.Count.EqualTo(3), "one file per payer account (one per demo unit)");
        foreach (var path in written)
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "the file is its owner's alone");
            Assert.That(await File.ReadAllTextAsync(path), Does.Contain("pain.001.001.03"));
        }

        // The files are new each time: an existing one is replaced only with --force, a link never; nothing is half written.
        var (again, _, againExists) = await AsStaffAsync("bank", "export", "--run", runId, "--profile", "pain001", "--out", xml);
        Assert.That(again, Is.EqualTo(1), "refused: the files exist");
        Assert.That(againExists, Does.Contain(written[0]).And.Contain("--force"));
        var (forced, _, forcedError) = await AsStaffAsync("bank", "export", "--run", runId, "--profile", "pain001", "--out", xml, "--force");
        Assert.That(forced, Is.Zero, forcedError);
        var decoy = Path.Combine(Database.DataDirectory, "decoy.txt");
        await File.WriteAllTextAsync(decoy, "not a bank file");
        var linked = Path.Combine(Database.DataDirectory, "linked.xml");
        File.CreateSymbolicLink(linked, decoy);
        var one = written.Select(w => Path.GetFileName(w)).First();
        var linkedFirst = Path.Combine(Database.DataDirectory, "linked" + one["salary".Length..]);
        File.CreateSymbolicLink(linkedFirst, decoy);
        var (throughLink, _, linkError) = await AsStaffAsync("bank", "export", "--run", runId, "--profile", "pain001", "--out", linked, "--force");
        Assert.That(throughLink, Is.EqualTo(1), "refused: never through a symbolic link");
        Assert.That(linkError, Does.Contain("symbolic link"));
        Assert.That(await File.ReadAllTextAsync(decoy), Is.EqualTo("not a bank file"));
        Assert.That(Directory.GetFiles(Database.DataDirectory, "linked*").Where(f => new FileInfo(f).LinkTarget is null), Is.Empty, "no file of the set was written");

        // Every export is an access of the payees' data, the repeated ones too: one row per file and export.
        await using (var c = await Db.OpenAsync())
        {
            var rows = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM vault_access WHERE resource = @resource AND action = 'Export' AND outcome = 'Allowed' AND document_id IS NOT NULL",
                new { resource = $"/bank/runs/{runId}/export" });
            Assert.That(rows, Is.EqualTo(4L * 3), "each of the four exports handed the three files to the command line (the two it then refused to write included)");
        }

        var ach = Path.Combine(Database.DataDirectory, "salary.txt");
        var (achCode, achOut, achError) = await AsStaffAsync("bank", "export", "--run", runId, "--profile", "achp01", "--out", ach);
        Assert.That(achCode, Is.Zero, achError);
        var first = achOut.Split('\n')[0];
        var achFile = first[..first.IndexOf(':', StringComparison.Ordinal)];
        Assert.That(achOut, Does.Contain("achp01").And.Contain("sha256 "));

        var (notApprover, _, notApproverError) = await AsStaffAsync("bank", "release", "--run", runId);
        Assert.That(notApprover, Is.EqualTo(1), "the operator who generated the files cannot release them");
        Assert.That(notApproverError, Does.Contain("PayrollApprover"));
        var (noCode, _, noCodeError) = await CliTests.RunWithInputForTestsAsync(Database, approver.Password + "\n\n", "bank", "release", "--run", runId, "--as", "approver1");
        Assert.That(noCode, Is.EqualTo(1), "the approver's name and password without a current code release nothing");
        Assert.That(noCodeError, Does.Contain("refused"));
        var (releaseCode, released, releaseError) = await CliTests.RunAsAsync(Database, approver, "bank", "release", "--run", runId);
        Assert.That(releaseCode, Is.Zero, releaseError);
        Assert.That(released, Does.Contain("released by approver1"));
        var (againCode, _, againError) = await CliTests.RunAsAsync(Database, approver, "bank", "release", "--run", runId);
        Assert.That(againCode, Is.EqualTo(1), "refused: released once");
        Assert.That(againError, Does.Contain("already released"));
        Assert.That((await AsStaffAsync("run", "show", "--run", runId)).Output, Does.Contain("Paid"));

        var answer = Path.Combine(Database.DataDirectory, "answer.txt");
        await File.WriteAllBytesAsync(answer, BankReleaseTests.Answer(await File.ReadAllBytesAsync(achFile), new() { [1] = "04" }));
        var (returnCode, returned, returnError) = await AsStaffAsync("bank", "return", "--run", runId, "--file", answer);
        Assert.That(returnCode, Is.Zero, returnError);
        Assert.That(returned, Does.Match(@"paid \d+, rejected 1").And.Contain("04 無此帳號"));

        var (showCode, json, _) = await AsStaffAsync("bank", "show", "--run", runId, "--json");
        Assert.That(showCode, Is.Zero);
        using var doc = JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("status").GetProperty("rejected").GetInt32(), Is.EqualTo(1));
        Assert.That(json, Does.Not.Contain("\"payerAccount\""), "accounts only masked");

        // The canary's account is in the file (person 1 is paid), never on the console or in the log lines.
        var canary = Payroll.Modules.Personnel.Demo.SeedDemoEmployeesHandler.CanaryAccount;
        var everyFile = written.Append(achFile).Select(File.ReadAllText);
        Assert.That(string.Concat(everyFile), Does.Contain(canary), "the test would see a leak");
        Assert.That(string.Concat(pain, painError, achOut, achError, released, releaseError, returned, returnError, json), Does.Not.Contain(canary));
    }
}
