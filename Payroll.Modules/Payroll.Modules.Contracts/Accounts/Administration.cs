using Mediator;

namespace Payroll.Modules.Contracts.Accounts;

/// <summary>
/// An account with a generated password (returned once, never stored), its roles, and optionally TOTP already enrolled
/// (the secret returned once) and the person it belongs to (by employee number). Refused for a bad or taken user name,
/// an unknown role or an employee number nobody has.
/// </summary>
public sealed record CreateAccount(string Username, IReadOnlyList<string> Roles, bool EnrollTotp, string? EmployeeNo, Actor Actor) : IRequest<NewAccount>;

public sealed record NewAccount(long UserId, string Username, string Password, string? TotpSecret, string? OtpAuthUri);

/// <summary>A new generated password (returned once); every session of the account ends.</summary>
public sealed record ResetPassword(string Username, Actor Actor) : IRequest<string>;

/// <summary>Removes the TOTP secret: the account enrols a new one at its next sign-in; its sessions end.</summary>
public sealed record ResetTotp(string Username, Actor Actor) : IRequest;

/// <summary>Disables (ending every session) or enables an account.</summary>
public sealed record SetAccountDisabled(string Username, bool Disabled, Actor Actor) : IRequest;

public sealed record CountAccounts : IRequest<long>;

/// <summary>An account by user name, or null: what the command line needs to act as it.</summary>
public sealed record FindAccount(string Username) : IRequest<AccountInfo?>;

public sealed record AccountInfo(long UserId, string Username, IReadOnlyList<string> Roles, bool Disabled, long? EmployeeId);

/// <summary>
/// Every host must use the field-key file the data is encrypted with: the first records the file's fingerprint, a host
/// started with another file is refused (before anything reads or writes encrypted data).
/// </summary>
public sealed record VerifyFieldKeyFile : IRequest;
