using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpNet;
using Payroll.Host.Cli;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Tests.Support;

/// <summary>
/// An account the tests sign in with at the command line, as a script would: its password and a TOTP code on standard
/// input, never an argument. The server takes each time step's code once per account; so that the tests need not wait
/// 30 seconds between two verbs of one account, the command line runs on <see cref="CliClock"/>, which moves one time
/// step ahead before each sign-in.
/// </summary>
public sealed class CliUser(string name, string password, string? secret)
{
    public string Name { get; } = name;

    public string Password { get; } = password;

    public string? Secret { get; } = secret;

    /// <summary>The account's password and a code of a step not used before, one per line.</summary>
    public string Credentials()
    {
        if (Secret is null)
        {
            return Password + "\n\n";
        }

        var at = CliClock.NextStep();
        return Password + "\n" + new Totp(Base32Encoding.ToBytes(Secret)).ComputeTotp(at.UtcDateTime) + "\n";
    }

    private long _lastRealStep;

    /// <summary>
    /// For a command line in a process of its own, which runs on the real clock: a code of a real time step not used
    /// before (the server accepts the steps either side of now). Such an account must not also sign in in-process,
    /// whose clock runs ahead.
    /// </summary>
    public string CredentialsAtRealTime()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var step = Math.Max(_lastRealStep + 1, now - 1);
        Assert.That(step, Is.LessThanOrEqualTo(now + 1), "three sign-ins of one account within 30 seconds");
        _lastRealStep = step;
        return Password + "\n" + new Totp(Base32Encoding.ToBytes(Secret!)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime) + "\n";
    }

    /// <summary>Reads what <c>payroll user add</c> printed once.</summary>
    public static CliUser FromUserAdd(string name, string output)
    {
        string? Line(string prefix) =>
            output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        return new CliUser(
            name, Line("Password (shown once, not stored): ") ?? throw new InvalidOperationException("no password printed: " + output),
            Line("TOTP secret (shown once; add it to an authenticator app): "));
    }
}

/// <summary>The command line's clock in the tests: real time, moved one TOTP step further ahead at each sign-in.</summary>
internal sealed class CliClock : IClock
{
    private static long _steps;

    static CliClock() => PayrollCli.OverrideServices = services => services.Replace(ServiceDescriptor.Singleton<IClock>(new CliClock()));

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddSeconds(30 * Interlocked.Read(ref _steps));

    /// <summary>Moves the clock one step ahead and returns the new time.</summary>
    public static DateTimeOffset NextStep() => DateTimeOffset.UtcNow.AddSeconds(30 * Interlocked.Increment(ref _steps));

    /// <summary>Installs the clock into the command line (once).</summary>
    public static void Install() => _ = Interlocked.Read(ref _steps);
}
