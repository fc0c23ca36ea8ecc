namespace Payroll.Modules.Contracts.Authorization;

/// <summary>
/// Who may send a message: checked by the mediator's authorization behaviour before any handler runs, on every channel
/// (pages, API, command line, jobs). A signed-in person (the command line signs in too) needs one of
/// <see cref="Roles"/>, or, with <see cref="Owner"/>, to be an employee asking about themselves (the handler answers
/// for that employee only); an actor that is not a person needs its name in <see cref="Systems"/>; an anonymous web
/// request needs <see cref="Anonymous"/>. With <see cref="Within"/>, a module's handler may also send it while it handles
/// a message that was let through (a lookup between modules, a ledger row). No user id never means "allowed".
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SentByAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>The actors that are not a person and may send it: <see cref="SystemActors"/>.</summary>
    public string[] Systems { get; set; } = [];

    /// <summary>An employee, about their own data only; the handler restricts the answer to the actor's employee.</summary>
    public bool Owner { get; set; }

    /// <summary>An anonymous web request (a download link): the handler decides what it may have and records refusals.</summary>
    public bool Anonymous { get; set; }

    /// <summary>A module's handler, while handling a message this behaviour let through.</summary>
    public bool Within { get; set; }
}

/// <summary>
/// A step of signing in (or of a signed-in person's own session: sign out, password change): the message carries no
/// actor because it is how one comes to exist; the handler checks the password, code or session it is given.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SignInStepAttribute : Attribute;
