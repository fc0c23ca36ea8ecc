namespace Payroll.Modules.Kernel.Errors;

/// <summary>
/// A refusal the business rules make, with a message written for the person who asked: shown to them as it is, mapped
/// once per channel (the page filter, the API's exception handler, the command line's exit codes). Any other exception
/// is a fault: a 500 with a correlation id, logged, never shown.
/// </summary>
public abstract class BusinessException(string message) : Exception(message);

/// <summary>Refused by a rule about who may do it: a role the actor lacks, or a second person required (four eyes).</summary>
public sealed class RefusedException(string message, string rule = RefusedException.RoleRule) : BusinessException(message)
{
    public const string RoleRule = "role";

    public const string FourEyesRule = "four-eyes";

    /// <summary>Which rule refused it (<see cref="RoleRule"/>, <see cref="FourEyesRule"/>, or a module's own).</summary>
    public string Rule { get; } = rule;
}

/// <summary>What was asked for does not exist (a run, an incident, a notice, an account by name).</summary>
public sealed class NotFoundException(string what, object key) : BusinessException($"No {what} {key}.")
{
    public string What { get; } = what;
}

/// <summary>The thing exists, but its state forbids the action now (approved already, released, changed meanwhile).</summary>
public sealed class ConflictException(string message) : BusinessException(message);
