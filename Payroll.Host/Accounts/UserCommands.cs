using Payroll.Modules.Contracts.Authorization;
using System.CommandLine;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Accounts;

/// <summary>
/// <c>payroll user add|reset-password|reset-totp|disable|enable</c>, by an administrator (<c>--as</c>). Passwords are
/// generated and shown once. While the installation has no enabled administrator, <c>user add</c> without <c>--as</c>
/// acts as the console (<see cref="SystemActors.Install"/>): that is how the first administrator comes to exist.
/// </summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage accounts. No account exists until one is added here.");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(ForUser("reset-password", "Generate a new password (shown once) and end the user's sessions.", async (sender, name, actor, ct) =>
        {
            var password = await sender.Send(new ResetPassword(name, actor), ct);
            await Console.Out.WriteLineAsync($"New password for '{name}' (shown once, not stored): {password}");
        }));
        user.Subcommands.Add(ForUser("reset-totp", "Remove the user's TOTP secret; a new one is enrolled at the next login.", async (sender, name, actor, ct) =>
        {
            await sender.Send(new ResetTotp(name, actor), ct);
            await Console.Out.WriteLineAsync($"TOTP removed for '{name}'; the user enrols a new authenticator at the next login.");
        }));
        user.Subcommands.Add(ForUser("disable", "Disable the account and end its sessions.", async (sender, name, actor, ct) =>
        {
            await sender.Send(new SetAccountDisabled(name, true, actor), ct);
            await Console.Out.WriteLineAsync($"'{name}' is disabled.");
        }));
        user.Subcommands.Add(ForUser("enable", "Enable a disabled account.", async (sender, name, actor, ct) =>
        {
            await sender.Send(new SetAccountDisabled(name, false, actor), ct);
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
        var admin = CliAccount.AsOption();
        admin.Required = false;
        admin.Description = "The administrator adding it (password and TOTP code asked as for every verb). Without it, only while no enabled administrator exists: the installation's first account.";
        var command = new Command("add", "Add an account with a generated password, printed once.") { username, roles, totp, ifAbsent, employeeNo, admin };
        return PayrollCli.Verb(command, (parse, services, token) => parse.GetValue(admin) is { } name
            ? CliAccount.AsPersonAsync(services, name, actor => AddAsync(parse, services, actor, token), token)
            : AddAsync(parse, services, Actor.System("install"), token));

        async Task<int> AddAsync(ParseResult parse, IServiceProvider services, Actor actor, CancellationToken token)
        {
            var sender = services.GetRequiredService<ISender>();
            if (parse.GetValue(ifAbsent) && await sender.Send(new CountAccounts(actor), token) > 0)
            {
                await Console.Out.WriteLineAsync("Accounts already exist; none added.");
                return CliExit.Ok;
            }

            var created = await sender.Send(new CreateAccount(parse.GetValue(username)!, parse.GetValue(roles) ?? [], parse.GetValue(totp), parse.GetValue(employeeNo), actor), token);
            await Console.Out.WriteLineAsync($"User '{created.Username}' added (id {created.UserId}).");
            await Console.Out.WriteLineAsync($"Password (shown once, not stored): {created.Password}");
            if (created.TotpSecret is not null)
            {
                await Console.Out.WriteLineAsync($"TOTP secret (shown once; add it to an authenticator app): {created.TotpSecret}");
                await Console.Out.WriteLineAsync("otpauth URI: " + created.OtpAuthUri);
            }

            return CliExit.Ok;
        }
    }

    private static Option<string> UsernameOption() => new("--username") { Description = "The account's user name.", Required = true };

    private static Command ForUser(string name, string description, Func<ISender, string, Actor, CancellationToken, Task> action)
    {
        var username = UsernameOption();
        return CliAccount.Verb(new Command(name, description) { username }, async (parse, services, actor, token) =>
        {
            await action(services.GetRequiredService<ISender>(), parse.GetValue(username)!, actor, token);
            return CliExit.Ok;
        });
    }
}
