using System.CommandLine;
using Payroll.Host.Security;
using Payroll.Host.Security.Accounts;

using Payroll.Host.Cli;

namespace Payroll.Host.Accounts;

/// <summary><c>payroll user add|reset-password|reset-totp|disable|enable</c>. Passwords are generated and shown once.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage accounts. No account exists until one is added here.");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(ForUser("reset-password", "Generate a new password (shown once) and end the user's sessions.", async (accounts, name, ct) =>
        {
            var password = await accounts.ResetPasswordAsync(name, PayrollCli.Actor.Name, ct);
            await Console.Out.WriteLineAsync($"New password for '{name}' (shown once, not stored): {password}");
        }));
        user.Subcommands.Add(ForUser("reset-totp", "Remove the user's TOTP secret; a new one is enrolled at the next login.", async (accounts, name, ct) =>
        {
            await accounts.ResetTotpAsync(name, PayrollCli.Actor.Name, ct);
            await Console.Out.WriteLineAsync($"TOTP removed for '{name}'; the user enrols a new authenticator at the next login.");
        }));
        user.Subcommands.Add(ForUser("disable", "Disable the account and end its sessions.", async (accounts, name, ct) =>
        {
            await accounts.SetDisabledAsync(name, true, PayrollCli.Actor.Name, ct);
            await Console.Out.WriteLineAsync($"'{name}' is disabled.");
        }));
        user.Subcommands.Add(ForUser("enable", "Enable a disabled account.", async (accounts, name, ct) =>
        {
            await accounts.SetDisabledAsync(name, false, PayrollCli.Actor.Name, ct);
            await Console.Out.WriteLineAsync($"'{name}' is enabled.");
        }));
        return user;
    }

    private static Command Add()
    {
        var username = UsernameOption();
        var roles = new Option<string[]>("--role")
        {
            Description = $"One or more of {string.Join(", ", Roles.All)} (repeat the option).",
            Required = true,
        };
        var totp = new Option<bool>("--totp") { Description = "Enrol TOTP now and print the secret once (otherwise enrolled at first login)." };
        var ifAbsent = new Option<bool>("--if-absent") { Description = "Do nothing, successfully, when any account already exists." };
        var employeeNo = new Option<string?>("--employee-no") { Description = "Link the account to this person (an Employee sees their own record)." };
        var command = new Command("add", "Add an account with a generated password, printed once.") { username, roles, totp, ifAbsent, employeeNo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), async (services, token) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            if (parse.GetValue(ifAbsent) && await accounts.AnyUserAsync(token))
            {
                await Console.Out.WriteLineAsync("Accounts already exist; none added.");
                return 0;
            }

            long? employeeId = null;
            if (parse.GetValue(employeeNo) is { Length: > 0 } number)
            {
                employeeId = await services.GetRequiredService<Mediator.ISender>().Send(new Payroll.Modules.Contracts.Personnel.FindEmployee(number), token)
                    ?? throw new AccountException($"--employee-no: no person with employee number '{number}'.");
            }

            var created = await accounts.CreateAsync(parse.GetValue(username)!, parse.GetValue(roles) ?? [], parse.GetValue(totp), PayrollCli.Actor.Name, token, employeeId);
            await Console.Out.WriteLineAsync($"User '{created.Username}' added (id {created.UserId}).");
            await Console.Out.WriteLineAsync($"Password (shown once, not stored): {created.Password}");
            if (created.TotpSecret is not null)
            {
                await Console.Out.WriteLineAsync($"TOTP secret (shown once; add it to an authenticator app): {created.TotpSecret}");
                await Console.Out.WriteLineAsync("otpauth URI: " + accounts.OtpAuthUri(created.Username, created.TotpSecret));
            }

            return 0;
        }, ct));
        return command;
    }

    private static Option<string> UsernameOption() => new("--username") { Description = "The account's user name.", Required = true };

    private static Command ForUser(string name, string description, Func<AccountService, string, CancellationToken, Task> action)
    {
        var username = UsernameOption();
        var command = new Command(name, description) { username };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), async (services, token) =>
        {
            await action(services.GetRequiredService<AccountService>(), parse.GetValue(username)!, token);
            return 0;
        }, ct));
        return command;
    }
}
