using Mediator;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>
/// The password step. A wrong password counts toward the lockout; a locked or disabled account is refused the same way
/// (and recorded); an Employee-only account is signed in, any other goes on to its TOTP code or to enrolment.
/// </summary>
internal sealed class SignInWithPasswordHandler(UserStore users, SessionOpener opener) : IRequestHandler<SignInWithPassword, SignInResult>
{
    public async ValueTask<SignInResult> Handle(SignInWithPassword request, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(request.Username.Trim(), cancellationToken);
        if (user is null)
        {
            Passwords.VerifyNobody(request.Password);
            return SignInResult.Refused;
        }

        var locked = opener.IsLocked(user);
        var verified = Passwords.Verify(user, request.Password);
        if (locked || user.Disabled || verified == PasswordVerificationResult.Failed)
        {
            if (!locked && !user.Disabled)
            {
                await opener.RecordFailureAsync(user.Id, request.ClientIp, cancellationToken);
            }
            else
            {
                await users.RecordEventAsync(user.Id, locked ? "login-refused-locked" : "login-refused-disabled", "anonymous", request.ClientIp, opener.Now, cancellationToken);
            }

            return SignInResult.Refused;
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordAsync(user.Id, Passwords.Hash(request.Password), "password-rehashed", user.Username, request.ClientIp, opener.Now, cancellationToken);
        }

        var roles = await users.RolesAsync(user.Id, cancellationToken);
        if (!SecondFactor.Required(roles))
        {
            await users.ResetFailuresAsync(user.Id, cancellationToken);
            return await opener.OpenAsync(user, SessionStages.Full, roles, request.ClientIp, "login", cancellationToken);
        }

        return await opener.OpenAsync(user, user.TotpEnrolled ? SessionStages.Totp : SessionStages.Enroll, [], request.ClientIp, "password-accepted", cancellationToken);
    }
}
