using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Cli;

/// <summary>The command line's exit codes (README, "The command line").</summary>
internal static class CliExit
{
    public const int Ok = 0;

    /// <summary>Refused by a rule, a state that forbids it, or input that is wrong (each problem printed).</summary>
    public const int Refused = 1;

    /// <summary>The command itself is wrong: an unknown verb or option, a missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>What the command names does not exist (a run, an incident, an account).</summary>
    public const int NotFound = 3;

    /// <summary>The database cannot be reached; try again when it is back.</summary>
    public const int Unavailable = 4;

    /// <summary>An unexpected fault: logged in full with a correlation id, which is all the terminal shows.</summary>
    public const int Fault = 5;

    /// <summary>The exit code and messages of an exception a command may end with, or null for a fault.</summary>
    public static (int Code, IReadOnlyList<string> Messages)? Of(Exception exception) => exception switch
    {
        InvalidInputException invalid => (Refused, invalid.Errors.Select(e => e.ToString()).ToList()),
        NotFoundException missing => (NotFound, [missing.Message]),
        BusinessException refused => (Refused, [refused.Message]),
        _ when DatabaseOutage.IsOutage(exception) => (Unavailable, ["the database cannot be reached; try again when it is back"]),
        _ => null,
    };
}
