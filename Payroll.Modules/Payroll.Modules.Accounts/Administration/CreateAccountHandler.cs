using Payroll.Modules.Contracts.Authorization;
using Mediator;
using Payroll.Modules.Accounts.SignIn;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Accounts.Administration;

/// <summary>
/// An account with a generated password (returned once), optionally TOTP enrolled now (the secret returned once). An
/// administrator creates accounts; the console (<see cref="SystemActors.Install"/>) only while the installation has no
/// enabled administrator yet, which is how the first one comes to exist.
/// </summary>
internal sealed class CreateAccountHandler(UserStore users, Totp totp, IClock clock, ISender sender) : IRequestHandler<CreateAccount, NewAccount>
{
    public async ValueTask<NewAccount> Handle(CreateAccount request, CancellationToken cancellationToken)
    {
        if (request.Actor.Name == SystemActors.Install && await users.CountEnabledAdminsAsync(cancellationToken) > 0)
        {
            throw new RefusedException("An administrator exists: accounts are added by an administrator (--as NAME), not by the console.");
        }

        var username = request.Username.Trim();
        if (username.Length is < 3 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new InvalidInputException([new InputError(null, "username", "3-64 characters: letters, digits, '.', '-' or '_'")]);
        }

        if (request.Roles.Count == 0 || request.Roles.Any(r => !Roles.All.Contains(r, StringComparer.Ordinal)))
        {
            throw new InvalidInputException([new InputError(null, "role", $"one or more of {string.Join(", ", Roles.All)}; got '{string.Join(",", request.Roles)}'")]);
        }

        if (await users.FindByNameAsync(username, cancellationToken) is not null)
        {
            throw new InvalidInputException([new InputError(null, "username", $"a user named '{username}' already exists")]);
        }

        long? employeeId = null;
        if (request.EmployeeNo is { Length: > 0 } number)
        {
            employeeId = await sender.Send(new FindEmployee(number.Trim()), cancellationToken)
                ?? throw new InvalidInputException([new InputError(null, "employee-no", $"no person with employee number '{number}'")]);
        }

        var password = Passwords.Generate();
        var secret = request.EnrollTotp ? Totp.NewSecret() : null;
        var id = await users.CreateAsync(
            username, Passwords.Hash(password), request.Roles.Distinct().ToList(), secret is null ? null : totp.Protect(secret), employeeId,
            request.Actor.Name, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
        return new NewAccount(id, username, password, secret, secret is null ? null : totp.OtpAuthUri(username, secret));
    }
}
