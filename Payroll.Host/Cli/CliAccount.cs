using System.CommandLine;
using System.Text;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host.Cli;

/// <summary>
/// The person a command-line verb acts as (<c>--as NAME</c>), proven: the account's password and, for every role but
/// Employee, a current TOTP code, read from the terminal without echo or, when standard input is not a terminal, as its
/// first two lines (for scripts). Never from an argument, which other users of the machine can read. The verb runs in a
/// session of its own, recorded as <c>login-cli</c>, and the session ends with the verb.
/// </summary>
internal static class CliAccount
{
    public static Option<string> AsOption() => new("--as")
    {
        Description = "The account this verb acts as. Its password and TOTP code are asked on the terminal, or read from standard input (one per line) when that is not a terminal.",
        Required = true,
    };

    /// <summary>A verb acting as a person: <c>--as</c> is added to it, and the action gets the signed-in actor.</summary>
    public static Command Verb(Command command, Func<ParseResult, IServiceProvider, Actor, CancellationToken, Task<int>> action)
    {
        var user = AsOption();
        command.Options.Add(user);
        return PayrollCli.Verb(command, (parse, services, ct) => AsPersonAsync(services, parse.GetValue(user)!, actor => action(parse, services, actor, ct), ct));
    }

    /// <summary>Signs in as <paramref name="username"/>, runs <paramref name="action"/> as that person, and ends the session.</summary>
    public static async Task<int> AsPersonAsync(IServiceProvider services, string username, Func<Actor, Task<int>> action, CancellationToken ct)
    {
        var sender = services.GetRequiredService<ISender>();
        var signedIn = await SignInAsync(sender, username, ct);
        try
        {
            return await action(Actor.User(
                signedIn.UserId, signedIn.Username, signedIn.Roles, sessionKey: SessionKey.Of(signedIn.SessionId),
                userAgent: Actor.CommandLineAgentPrefix + Environment.UserName, employeeId: signedIn.EmployeeId));
        }
        finally
        {
            await sender.Send(new SignOut(signedIn.UserId, signedIn.SessionId, null), CancellationToken.None);
        }
    }

    private static async Task<SignInResult> SignInAsync(ISender sender, string username, CancellationToken ct)
    {
        var password = await ReadSecretAsync($"Password for {username}: ");
        var code = await ReadSecretAsync($"TOTP code for {username} (empty if the account has none): ");
        var result = await sender.Send(new SignInAtCommandLine(username, password ?? "", string.IsNullOrWhiteSpace(code) ? null : code, Environment.UserName), ct);
        if (result.Outcome != SignInOutcome.SignedIn)
        {
            throw new RefusedException(
                $"Sign-in as '{username}' refused: wrong user name, password or TOTP code (a code counts once), or the account is locked, disabled or has not enrolled TOTP at the web sign-in yet.");
        }

        return result;
    }

    /// <summary>A line from the terminal without echo, or from standard input when it is redirected (null at its end).</summary>
    internal static async Task<string?> ReadSecretAsync(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return await Console.In.ReadLineAsync();
        }

        await Console.Error.WriteAsync(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        await Console.Error.WriteLineAsync();
        return text.ToString();
    }
}
