using Mediator;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Microsoft.Extensions.Options;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>
/// A signed-in user's own password change: the current password is checked like a sign-in (a wrong one counts toward
/// the lockout, and a locked account cannot change it), and the change ends every other session of the user, so
/// whoever had learnt the old password is signed out everywhere.
/// </summary>
internal sealed class ChangePasswordHandler(UserStore users, SessionStore sessions, SessionOpener opener, IClock clock, IOptions<SecurityOptions> options)
    : IRequestHandler<ChangePassword, string?>
{
    public async ValueTask<string?> Handle(ChangePassword request, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(request.UserId, cancellationToken);
        if (user is null)
        {
            return "CurrentPasswordWrong";
        }

        if (opener.IsLocked(user))
        {
            return "AccountLocked";
        }

        if (Passwords.Verify(user, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            await opener.RecordFailureAsync(user.Id, request.ClientIp, cancellationToken);
            return "CurrentPasswordWrong";
        }

        if (Passwords.Problem(options.Value, request.NewPassword, request.CurrentPassword) is { } problem)
        {
            return problem;
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await users.SetPasswordAsync(user.Id, Passwords.Hash(request.NewPassword), "password-changed", user.Username, request.ClientIp, now, cancellationToken);
        await sessions.EndOthersAsync(user.Id, request.SessionId, "password-changed", now, cancellationToken);
        return null;
    }
}
