using System.CommandLine;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Accounts;

/// <summary><c>payroll user add|reset-password|reset-totp|disable|enable</c>. Passwords are generated and shown once.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage accounts. No account exists until one is added here.");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(ForUser("reset-password", "Generate a new password (shown once) and end the user's sessions.", async (sender, name, ct) =>
        {
            var password = await sender.Send(new ResetPassword(name, PayrollCli.Actor), ct);
            await Console.Out.WriteLineAsync($"New password for '{name}' (shown once, not stored): {password}");
        }));
        user.Subcommands.Add(ForUser("reset-totp", "Remove the user's TOTP secret; a new one is enrolled at the next login.", async (sender, name, ct) =>
        {
            await sender.Send(new ResetTotp(name, PayrollCli.Actor), ct);
            await Console.Out.WriteLineAsync($"TOTP removed for '{name}'; the user enrols a new authenticator at the next login.");
        }));
        user.Subcommands.Add(ForUser("disable", "Disable the account and end its sessions.", async (sender, name, ct) =>
        {
            await sender.Send(new SetAccountDisabled(name, true, PayrollCli.Actor), ct);
            await Console.Out.WriteLineAsync($"'{name}' is disabled.");
        }));
        user.Subcommands.Add(ForUser("enable", "Enable a disabled account.", async (sender, name, ct) =>
        {
            await sender.Send(new SetAccountDisabled(name, false, PayrollCli.Actor), ct);
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
        roles.AcceptOnlyFromAmong([.. Roles.All]);
        var totp = new Option<bool>("--totp") { Description = "Enrol TOTP now and print the secret once (otherwise enrolled at first login)." };
        var ifAbsent = new Option<bool>("--if-absent") { Description = "Do nothing, successfully, when any account already exists." };
        var employeeNo = new Option<string?>("--employee-no") { Description = "Link the account to this person (an Employee sees their own record)." };
        var command = new Command("add", "Add an account with a generated password, printed once.") { username, roles, totp, ifAbsent, employeeNo };
        return PayrollCli.Verb(command, async (parse, services, token) =>
        {
            var sender = services.GetRequiredService<ISender>();
            if (parse.GetValue(ifAbsent) && await sender.Send(new CountAccounts(), token) > 0)
            {
                await Console.Out.WriteLineAsync("Accounts already exist; none added.");
                return CliExit.Ok;
            }

            var created = await sender.Send(new CreateAccount(parse.GetValue(username)!, parse.GetValue(roles) ?? [], parse.GetValue(totp), parse.GetValue(employeeNo), PayrollCli.Actor), token);
            await Console.Out.WriteLineAsync($"User '{created.Username}' added (id {created.UserId}).");
            await Console.Out.WriteLineAsync($"Password (shown once, not stored): {created.Password}");
            if (created.TotpSecret is not null)
            {
                await Console.Out.WriteLineAsync($"TOTP secret (shown once; add it to an authenticator app): {created.TotpSecret}");
                await Console.Out.WriteLineAsync("otpauth URI: " + created.OtpAuthUri);
            }

            return CliExit.Ok;
        });
    }

    private static Option<string> UsernameOption() => new("--username") { Description = "The account's user name.", Required = true };

    private static Command ForUser(string name, string description, Func<ISender, string, CancellationToken, Task> action)
    {
        var username = UsernameOption();
        return PayrollCli.Verb(new Command(name, description) { username }, async (parse, services, token) =>
        {
            await action(services.GetRequiredService<ISender>(), parse.GetValue(username)!, token);
            return CliExit.Ok;
        });
    }
}
