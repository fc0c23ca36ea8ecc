using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>A code from the new secret makes it the account's, ends the enrolment session and opens a full one.</summary>
internal sealed class ConfirmTotpEnrollmentHandler(UserStore users, SessionStore sessions, SessionOpener opener, Totp totp) : IRequestHandler<ConfirmTotpEnrollment, SignInResult>
{
    public async ValueTask<SignInResult> Handle(ConfirmTotpEnrollment request, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(request.UserId, cancellationToken);
        if (user is null || user.Disabled || user.TotpEnrolled || opener.IsLocked(user))
        {
            return SignInResult.Refused;
        }

        // The secret this enrolment session offered: never one a form sent back.
        var offered = await sessions.PendingTotpSecretAsync(request.SessionId, user.Id, SessionStages.Enroll, cancellationToken);
        if (offered is null)
        {
            return SignInResult.Refused;
        }

        if (!totp.Check(offered, request.Code, out var step))
        {
            await opener.RecordFailureAsync(user.Id, request.ClientIp, cancellationToken);
            return SignInResult.Refused;
        }

        await users.SetTotpAsync(user.Id, offered, enrolled: true, "totp-enrolled", user.Username, request.ClientIp, opener.Now, cancellationToken);
        await users.TryConsumeTotpStepAsync(user.Id, step, cancellationToken);
        await sessions.EndAsync(request.SessionId, "second-factor-enrolled", opener.Now, cancellationToken);
        return await opener.OpenAsync(user, SessionStages.Full, await users.RolesAsync(user.Id, cancellationToken), request.ClientIp, "login", cancellationToken);
    }
}
