using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.SignIn;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Administration;

internal sealed class ResetPasswordHandler(UserStore users, SessionStore sessions, IClock clock) : IRequestHandler<ResetPassword, string>
{
    public async ValueTask<string> Handle(ResetPassword request, CancellationToken cancellationToken)
    {
        var user = await users.RequireAsync(request.Username, cancellationToken);
        var password = Passwords.Generate();
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await users.SetPasswordAsync(user.Id, Passwords.Hash(password), "password-reset", request.Actor.Name, null, now, cancellationToken);
        await sessions.EndAllAsync(user.Id, "password-reset", now, cancellationToken);
        return password;
    }
}
