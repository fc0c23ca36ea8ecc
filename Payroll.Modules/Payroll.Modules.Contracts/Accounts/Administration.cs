using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Accounts;

/// <summary>
/// An account with a generated password (returned once, never stored), its roles, and optionally TOTP already enrolled
/// (the secret returned once) and the person it belongs to (by employee number). Refused for a bad or taken user name,
/// an unknown role or an employee number nobody has.
/// </summary>
[SentBy(Authorization.Roles.Admin, Systems = [SystemActors.Install])]
public sealed record CreateAccount(string Username, IReadOnlyList<string> Roles, bool EnrollTotp, string? EmployeeNo, Actor Actor) : IRequest<NewAccount>;

public sealed record NewAccount(long UserId, string Username, string Password, string? TotpSecret, string? OtpAuthUri);

/// <summary>A new generated password (returned once); every session of the account ends.</summary>
[SentBy(Roles.Admin)]
public sealed record ResetPassword(string Username, Actor Actor) : IRequest<string>;

/// <summary>Removes the TOTP secret: the account enrols a new one at its next sign-in; its sessions end.</summary>
[SentBy(Roles.Admin)]
public sealed record ResetTotp(string Username, Actor Actor) : IRequest;

/// <summary>Disables (ending every session) or enables an account.</summary>
[SentBy(Roles.Admin)]
public sealed record SetAccountDisabled(string Username, bool Disabled, Actor Actor) : IRequest;

[SentBy(Roles.Admin, Systems = [SystemActors.Install])]
public sealed record CountAccounts(Actor Actor) : IRequest<long>;

/// <summary>
/// Every host must use the field-key file the data is encrypted with: the first records the file's fingerprint, a host
/// started with another file is refused (before anything reads or writes encrypted data).
/// </summary>
[SentBy(Systems = [SystemActors.Release])]
public sealed record VerifyFieldKeyFile(Actor Actor) : IRequest;
