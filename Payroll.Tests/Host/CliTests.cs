using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;

namespace Payroll.Tests.Host;

/// <summary>
/// <c>payroll user ...</c> and <c>payroll migrate</c>: no default accounts, passwords generated and shown once; the
/// console adds the first administrator and nothing more; every other verb acts as an account signed in with its
/// password and a TOTP code read from standard input.
/// </summary>
public sealed class CliTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task Migrate_OnAnEmptyDatabase_CreatesNoAccount()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var (code, output, _) = await RunInAsync(fresh, "migrate");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("up to date"));
        await using var services = BuildServices(fresh);
        await using var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts_user"), Is.Zero, "no default accounts");
    }

    [Test]
    public async Task Endpoints_ListsEveryRoute_WithItsMethods()
    {
        var (code, output, _) = await RunAsync("endpoints");
        Assert.That(code, Is.Zero, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Does.Contain("GET /api/v1/runs").And.Contain("* /Salary/Payslip").And.Contain("GET /documents/download/{grantId}").And.Contain("GET /healthz"));
    }

    [Test]
    public async Task UserAdd_PrintsAGeneratedPasswordOnce_AndRecordsTheAdministrator()
    {
        var name = "clerk-" + Guid.NewGuid().ToString("N")[..6];
        var (admin, _) = await AccountsAsync(Database);
        var (code, output, _) = await RunAsAsync(Database, admin, "user", "add", "--username", name, "--role", "HrClerk", "--role", "Auditor", "--totp");
        Assert.That(code, Is.Zero, output);
        var password = Line(output, "Password (shown once, not stored): ");
        var secret = Line(output, "TOTP secret (shown once; add it to an authenticator app): ");
        Assert.That(password, Has.Length.EqualTo(20));
        Assert.That(secret, Does.Match("^[A-Z2-7]{32}$"));
        Assert.That(output, Does.Contain("otpauth://totp/Payroll:" + name));

        await using var c = await Db.OpenAsync();
        var actor = await c.ExecuteScalarAsync<string>(
            "SELECT e.actor FROM accounts_account_event e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = @name AND e.event = 'created'", new { name });
        Assert.That(actor, Is.EqualTo("cli-admin"));
        var signIn = await c.ExecuteScalarAsync<string>(
            "SELECT e.actor FROM accounts_account_event e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = 'cli-admin' AND e.event = 'login-cli' ORDER BY e.at DESC LIMIT 1");
        Assert.That(signIn, Is.EqualTo($"cli-admin (cli:{Environment.UserName})"), "the sign-in says it came from the command line, and whose shell");
        var roles = (await c.QueryAsync<string>(
            "SELECT r.role FROM accounts_user_role r JOIN accounts_user u ON u.id = r.user_id WHERE u.username = @name ORDER BY r.role", new { name })).ToList();
        Assert.That(roles, Is.EqualTo(new[] { "Auditor", "HrClerk" }));
        var stored = await c.ExecuteScalarAsync<string>("SELECT password_hash FROM accounts_user WHERE username = @name", new { name });
        Assert.That(stored, Does.Not.Contain(password));
    }

    [Test]
    public async Task UserAdd_UnknownRole_FailsWithAClearMessage_AndAddsNothing()
    {
        var name = "x-" + Guid.NewGuid().ToString("N")[..6];
        var (code, _, error) = await RunAsync("user", "add", "--username", name, "--role", "Superuser");
        Assert.That(code, Is.EqualTo(2), "a value the option does not take is a usage error");
        Assert.That(error, Does.Contain("Superuser").And.Contain("HrClerk"), "the values it takes are listed");
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts_user WHERE username = @name", new { name }), Is.Zero);
    }

    [Test]
    public async Task UserAdd_WithoutAdministrator_AddsOnlyTheFirst_ThenOnlyAnAdministratorAdds()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var (first, output, firstError) = await RunInAsync(fresh, "user", "add", "--username", "root-admin", "--role", "Admin", "--totp");
        Assert.That(first, Is.Zero, firstError);
        await using (var services = BuildServices(fresh))
        await using (var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<string>(
                "SELECT e.actor FROM accounts_account_event e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = 'root-admin' AND e.event = 'created'"),
                Is.EqualTo(SystemActors.Install));
        }

        var (second, _, secondError) = await RunInAsync(fresh, "user", "add", "--username", "self-approver", "--role", "PayrollApprover", "--totp");
        Assert.That(second, Is.EqualTo(1), "refused: an administrator exists");
        Assert.That(secondError, Does.Contain("administrator"));

        var admin = CliUser.FromUserAdd("root-admin", output);
        var (byAdmin, _, byAdminError) = await RunAsAsync(fresh, admin, "user", "add", "--username", "approver-x", "--role", "PayrollApprover", "--totp");
        Assert.That(byAdmin, Is.Zero, byAdminError);
        var (wrong, _, wrongError) = await RunWithInputAsync(fresh, admin.Password + "x\n000000\n", ["user", "add", "--username", "approver-y", "--role", "PayrollApprover", "--as", "root-admin"]);
        Assert.That(wrong, Is.EqualTo(1), "a wrong password is refused");
        Assert.That(wrongError, Does.Contain("Sign-in as 'root-admin' refused"));
    }

    [Test]
    public async Task UserAdd_Twice_IsRefused()
    {
        var name = "dup-" + Guid.NewGuid().ToString("N")[..6];
        var (admin, _) = await AccountsAsync(Database);
        Assert.That((await RunAsAsync(Database, admin, "user", "add", "--username", name, "--role", "Employee")).Code, Is.Zero);
        var (code, _, error) = await RunAsAsync(Database, admin, "user", "add", "--username", name, "--role", "Employee");
        Assert.That(code, Is.EqualTo(1), "refused");
        Assert.That(error, Does.Contain("already exists"));
    }

    [Test]
    public async Task UserAdd_MissingUsername_IsAParseError()
    {
        var (code, _, error) = await RunAsync("user", "add", "--role", "Employee");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--username"));
    }

    [Test]
    public async Task ResetPassword_PrintsANewOne_AndRecordsTheAdministrator()
    {
        var name = "reset-" + Guid.NewGuid().ToString("N")[..6];
        var (admin, _) = await AccountsAsync(Database);
        var (_, added, _) = await RunAsAsync(Database, admin, "user", "add", "--username", name, "--role", "Employee");
        var (code, output, _) = await RunAsAsync(Database, admin, "user", "reset-password", "--username", name);
        Assert.That(code, Is.Zero);
        var fresh = Line(output, $"New password for '{name}' (shown once, not stored): ");
        Assert.That(fresh, Is.Not.EqualTo(Line(added, "Password (shown once, not stored): ")));
        await using var c = await Db.OpenAsync();
        var actor = await c.ExecuteScalarAsync<string>(
            "SELECT e.actor FROM accounts_account_event e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = @name AND e.event = 'password-reset'", new { name });
        Assert.That(actor, Is.EqualTo("cli-admin"));
    }

    [Test]
    public async Task ResetTotp_ClearsTheSecret()
    {
        var name = "totp-" + Guid.NewGuid().ToString("N")[..6];
        var (admin, _) = await AccountsAsync(Database);
        await AddUserAsync(Database, admin, name, Roles.PayrollOperator);
        var (code, _, _) = await RunAsAsync(Database, admin, "user", "reset-totp", "--username", name);
        Assert.That(code, Is.Zero);
        await using var c = await Db.OpenAsync();
        var enrolled = await c.ExecuteScalarAsync<bool>("SELECT totp_enrolled FROM accounts_user WHERE username = @name", new { name });
        var secret = await c.ExecuteScalarAsync<string?>("SELECT totp_secret_protected FROM accounts_user WHERE username = @name", new { name });
        Assert.That(enrolled, Is.False);
        Assert.That(secret, Is.Null);
    }

    [Test]
    public async Task ResetPassword_UnknownUser_Fails()
    {
        var (admin, _) = await AccountsAsync(Database);
        var (code, _, error) = await RunAsAsync(Database, admin, "user", "reset-password", "--username", "nobody-here");
        Assert.That(code, Is.EqualTo(3), "not found");
        Assert.That(error, Does.Contain("No account named nobody-here"));
    }

    [Test]
    public async Task KeysRotate_Wait_PutsEveryDocumentUnderTheNewKey()
    {
        await RunAsync("migrate");
        var (code, output, error) = await RunAsync("keys", "rotate", "--wait");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Match("Field key \\d+ is now active"));
        Assert.That(output, Does.Contain("Every protected value is now under the active key."));
    }

    [Test]
    public async Task KeysRotate_QueuesTheReencryptionJob()
    {
        var (code, output, error) = await RunAsync("keys", "rotate");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("Re-encryption queued as job"));
    }

    [Test]
    public async Task AuditVerify_ExitsZeroWhenIntact_AndOneNamingTheRowWhenNot()
    {
        var (_, staff) = await AccountsAsync(Database);
        await Services.SendWithinAsync(new Payroll.Modules.Contracts.Vault.RecordAccess(
            TestActors.Staff,
            Payroll.Modules.Contracts.Vault.AccessAction.Export, null, "export", [1, 2], ["name"], Payroll.Modules.Contracts.Vault.AccessOutcome.Allowed));

        var (ok, intact, _) = await RunAsAsync(Database, staff, "audit", "verify");
        Assert.That(ok, Is.Zero);
        Assert.That(intact, Does.Contain("access: intact"));

        await using (var c = await Db.OpenAsync())
        {
            if (Db.Provider == DatabaseProvider.Postgres)
            {
                await c.ExecuteAsync("ALTER TABLE vault_access DISABLE TRIGGER USER; UPDATE vault_access SET actor = 'nobody' WHERE seq = 1; ALTER TABLE vault_access ENABLE TRIGGER USER;");
            }
            else
            {
                await c.ExecuteAsync("DROP TRIGGER vault_access_no_update; UPDATE vault_access SET actor = 'nobody' WHERE seq = 1;");
            }
        }

        var (broken, report, _) = await RunAsAsync(Database, staff, "audit", "verify");
        Assert.That(broken, Is.EqualTo(1));
        Assert.That(report, Does.Contain("access: BROKEN at row 1"));
    }

    [Test]
    public async Task PersonnelTemplate_ThenImportOfTheEmptyTemplate_SaysThereAreNoRows()
    {
        await RunAsync("demo", "seed", "--employees", "1", "--units", "2", "--seed", "3");
        var (_, staff) = await AccountsAsync(Database);
        var path = Path.Combine(Database.DataDirectory, "template.xlsx");
        var (code, output, _) = await RunAsAsync(Database, staff, "personnel", "template", "--out", path);
        Assert.That(code, Is.Zero);
        Assert.That(File.Exists(path), Is.True, output);
        var (importCode, _, error) = await RunAsAsync(Database, staff, "personnel", "import", "--file", path, "--effective", "2026-12-01");
        Assert.That(importCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Nothing imported").And.Contain("沒有任何資料列"));
        var (badDate, _, dateError) = await RunAsAsync(Database, staff, "personnel", "import", "--file", path, "--effective", "115/12/01");
        Assert.That(badDate, Is.EqualTo(2));
        Assert.That(dateError, Does.Contain("--effective"));
    }

    [TestCase("frobnicate")]
    [TestCase("run", "frobnicate")]
    [TestCase("--urls", "https://localhost:5999")]
    public async Task UnknownVerbs_AreUsageErrors_AndServeNothing(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.That(code, Is.EqualTo(2), "an unknown word is an error, not a host started with it as configuration");
        Assert.That(error, Does.Contain("usage: payroll"));
    }

    [Test]
    public async Task UnknownOptions_AreUsageErrors_AndNothingIsDone()
    {
        var name = "strict-" + Guid.NewGuid().ToString("N")[..6];
        var (code, _, error) = await RunAsync("user", "add", "--username", name, "--role", "Employee", "--dry-run");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--dry-run"));
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts_user WHERE username = @name", new { name }), Is.Zero, "the verb did not run");
    }

    [TestCase("Payroll:DataDirectory")]
    [TestCase("=value")]
    public async Task Set_WithoutKeyAndValue_IsAUsageError(string setting)
    {
        var (code, _, error) = await RunInAsync(Database, "migrate", "--set", setting);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Section:Key=value"));
    }

    [Test]
    public async Task Set_OverridesASetting()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var keys = Path.Combine(fresh.DataDirectory, "elsewhere", "field-keys.json");
        Directory.CreateDirectory(Path.GetDirectoryName(keys)!);
        var (code, _, error) = await RunInAsync(fresh, "migrate", "--set", "Payroll:Keys:FieldKeyFile=" + keys);
        Assert.That(code, Is.Zero, error);
        Assert.That(File.Exists(keys), Is.True, "the key file went where --set said");
    }

    [TestCase("run", "show", "--run", "987654")]
    [TestCase("breach", "status", "--incident", "987654")]
    [TestCase("bank", "show", "--run", "987654")]
    public async Task WhatDoesNotExist_ExitsThree(params string[] args)
    {
        var (code, _, error) = await RunAsAsync(Database, (await AccountsAsync(Database)).Staff, args);
        Assert.That(code, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain("987654"));
    }

    [TestCase("run", "list")]
    [TestCase("audit", "verify")]
    [TestCase("endpoints")]
    public async Task ReadVerbs_SpeakJson(params string[] args)
    {
        var (code, output, error) = args[0] == "endpoints"
            ? await RunAsync([.. args, "--json"])
            : await RunAsAsync(Database, (await AccountsAsync(Database)).Staff, [.. args, "--json"]);
        Assert.That(code, Is.Zero, error);
        Assert.DoesNotThrow(() => System.Text.Json.JsonDocument.Parse(output).Dispose(), output);
    }

    [Test]
    public async Task EnumOptions_TakeOnlyTheirValues()
    {
        var (code, _, error) = await RunAsync("serve", "--role", "both");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("both").And.Contain("worker"));
        var (format, _, formatError) = await RunAsync("serve", "--log-format", "xml");
        Assert.That(format, Is.EqualTo(2));
        Assert.That(formatError, Does.Contain("json"));
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunInAsync(Database, args);

    /// <summary>The names of the unverified tables a run used, as <c>run show</c> lists them (for <c>run approve --acknowledge</c>).</summary>
    internal static async Task<string[]> UnverifiedTablesAsync(TestDatabase database, string runId)
    {
        var (code, output, error) = await RunAsAsync(database, (await AccountsAsync(database)).Staff, "run", "show", "--run", runId);
        Assert.That(code, Is.Zero, error);
        return output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("table ", StringComparison.Ordinal) && l.EndsWith(" UNVERIFIED", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]).ToArray();
    }

    /// <summary><c>run approve</c>, acknowledging every unverified table the run used.</summary>
    internal static async Task<(int Code, string Output, string Error)> ApproveAcknowledgingAsync(TestDatabase database, string runId, CliUser approver) =>
        await RunAsAsync(database, approver, ["run", "approve", "--run", runId, .. (await UnverifiedTablesAsync(database, runId)).SelectMany(t => new[] { "--acknowledge", t })]);

    /// <summary>A verb that acts as nobody (migrate, keys, endpoints, demo seed, the first <c>user add</c>), or a usage error.</summary>
    internal static Task<(int Code, string Output, string Error)> RunInAsync(TestDatabase database, params string[] args) =>
        RunWithInputAsync(database, "", args);

    /// <summary>A verb acting as <paramref name="user"/>: <c>--as</c>, and the password and a fresh code on standard input.</summary>
    internal static Task<(int Code, string Output, string Error)> RunAsAsync(TestDatabase database, CliUser user, params string[] args) =>
        RunWithInputAsync(database, user.Credentials(), [.. args, "--as", user.Name]);

    private static readonly ConcurrentDictionary<string, (CliUser Admin, CliUser Staff)> Accounts = new();

    /// <summary>
    /// The database's administrator and member of staff for the command line, made once per database: the administrator
    /// by the console (the installation's first account), the member of staff (every role but PayrollApprover and
    /// Admin) by the administrator.
    /// </summary>
    internal static async Task<(CliUser Admin, CliUser Staff)> AccountsAsync(TestDatabase database)
    {
        if (Accounts.TryGetValue(database.DataDirectory, out var known))
        {
            return known;
        }

        var (code, output, error) = await RunInAsync(database, "user", "add", "--username", "cli-admin", "--role", "Admin", "--totp");
        Assert.That(code, Is.Zero, error);
        var admin = CliUser.FromUserAdd("cli-admin", output);
        var staff = await AddUserAsync(database, admin, "cli-staff", Roles.HrClerk, Roles.PayrollOperator, Roles.Auditor, Roles.ComplianceOfficer);
        return Accounts[database.DataDirectory] = (admin, staff);
    }

    /// <summary>An account added by <paramref name="admin"/>, enrolled in TOTP unless it is an Employee only.</summary>
    internal static async Task<CliUser> AddUserAsync(TestDatabase database, CliUser admin, string name, params string[] roles)
    {
        string[] totp = roles.Any(r => r != Roles.Employee) ? ["--totp"] : [];
        var (code, output, error) = await RunAsAsync(database, admin, ["user", "add", "--username", name, .. roles.SelectMany(r => new[] { "--role", r }), .. totp]);
        Assert.That(code, Is.Zero, error);
        return CliUser.FromUserAdd(name, output);
    }

    /// <summary>A verb with exactly this on standard input (a wrong password, a missing code).</summary>
    internal static Task<(int Code, string Output, string Error)> RunWithInputForTestsAsync(TestDatabase database, string input, params string[] args) =>
        RunWithInputAsync(database, input, args);

    private static async Task<(int Code, string Output, string Error)> RunWithInputAsync(TestDatabase database, string input, string[] args)
    {
        CliClock.Install();
        var stdin = Console.In;
        var stdout = Console.Out;
        var stderr = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetIn(new StringReader(input));
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await PayrollCli.RunAsync([.. args, .. HostProcess.AsSet([.. database.ConfigArgs(), "--Serilog:MinimumLevel:Default=Warning"])]);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetIn(stdin);
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
