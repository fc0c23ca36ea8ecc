using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>A valid code, of a time step not used before, ends the half-open session and opens a full one.</summary>
internal sealed class VerifySecondFactorHandler(UserStore users, SessionStore sessions, SessionOpener opener, Totp totp) : IRequestHandler<VerifySecondFactor, SignInResult>
{
    public async ValueTask<SignInResult> Handle(VerifySecondFactor request, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(request.UserId, cancellationToken);
        if (user is null || user.Disabled || !user.TotpEnrolled || user.TotpSecretProtected is null || opener.IsLocked(user))
        {
            return SignInResult.Refused;
        }

        if (!totp.Check(user.TotpSecretProtected, request.Code, out var step) || !await users.TryConsumeTotpStepAsync(user.Id, step, cancellationToken))
        {
            await opener.RecordFailureAsync(user.Id, request.ClientIp, cancellationToken);
            return SignInResult.Refused;
        }

        await sessions.EndAsync(request.SessionId, "second-factor-passed", opener.Now, cancellationToken);
        return await opener.OpenAsync(user, SessionStages.Full, await users.RolesAsync(user.Id, cancellationToken), request.ClientIp, "login", cancellationToken);
    }
}
