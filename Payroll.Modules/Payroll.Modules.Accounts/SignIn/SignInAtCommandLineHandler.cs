using Mediator;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>
/// The command line's sign-in: password and, where the roles require it, a TOTP code in one step, with the web's lockout
/// and replay rules. A wrong password or code counts toward the lockout; the caller cannot tell which was wrong.
/// </summary>
internal sealed class SignInAtCommandLineHandler(UserStore users, SessionOpener opener, Totp totp) : IRequestHandler<SignInAtCommandLine, SignInResult>
{
    public async ValueTask<SignInResult> Handle(SignInAtCommandLine request, CancellationToken cancellationToken)
    {
        var agent = Actor.CommandLineAgentPrefix + request.OsUser;
        var user = await users.FindByNameAsync(request.Username.Trim(), cancellationToken);
        if (user is null)
        {
            Passwords.VerifyNobody(request.Password);
            return SignInResult.Refused;
        }

        var locked = opener.IsLocked(user);
        var verified = Passwords.Verify(user, request.Password);
        if (locked || user.Disabled)
        {
            await users.RecordEventAsync(user.Id, locked ? "login-cli-refused-locked" : "login-cli-refused-disabled", agent, null, opener.Now, cancellationToken);
            return SignInResult.Refused;
        }

        var roles = await users.RolesAsync(user.Id, cancellationToken);
        var secondFactor = SecondFactor.Required(roles);
        if (verified == PasswordVerificationResult.Failed
            || (secondFactor && (!user.TotpEnrolled || user.TotpSecretProtected is null || request.Code is null
                || !totp.Check(user.TotpSecretProtected, request.Code.Trim(), out var step) || !await users.TryConsumeTotpStepAsync(user.Id, step, cancellationToken))))
        {
            await opener.RecordFailureAsync(user.Id, null, cancellationToken);
            return SignInResult.Refused;
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordAsync(user.Id, Passwords.Hash(request.Password), "password-rehashed", user.Username, null, opener.Now, cancellationToken);
        }

        await users.ResetFailuresAsync(user.Id, cancellationToken);
        return await opener.OpenAsync(user, SessionStages.Full, roles, null, "login-cli", cancellationToken, agent);
    }
}
