using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>
/// The secret an enrolment session offers: made and kept with the session the first time, the same one afterwards.
/// Only the session's own secret is ever decrypted here; nothing the browser sends is.
/// </summary>
internal sealed class StartTotpEnrollmentHandler(SessionStore sessions, Totp totp) : IRequestHandler<StartTotpEnrollment, TotpEnrollment?>
{
    public async ValueTask<TotpEnrollment?> Handle(StartTotpEnrollment request, CancellationToken cancellationToken)
    {
        var offered = await sessions.OfferTotpSecretAsync(request.SessionId, request.UserId, SessionStages.Enroll, totp.Protect(Totp.NewSecret()), cancellationToken);
        if (offered is null)
        {
            return null;
        }

        var secret = totp.Unprotect(offered);
        return new TotpEnrollment(secret, totp.OtpAuthUri(request.Username, secret));
    }
}
