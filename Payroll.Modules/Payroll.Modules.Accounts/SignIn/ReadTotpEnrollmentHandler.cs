using System.Security.Cryptography;
using Mediator;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>The enrolment a form posted back, or null when its protected secret was not protected by this system's key ring.</summary>
internal sealed class ReadTotpEnrollmentHandler(Totp totp) : IRequestHandler<ReadTotpEnrollment, TotpEnrollment?>
{
    public ValueTask<TotpEnrollment?> Handle(ReadTotpEnrollment request, CancellationToken cancellationToken)
    {
        try
        {
            var secret = totp.Unprotect(request.ProtectedSecret);
            return ValueTask.FromResult<TotpEnrollment?>(new TotpEnrollment(secret, request.ProtectedSecret, totp.OtpAuthUri(request.Username, secret)));
        }
        catch (CryptographicException)
        {
            return ValueTask.FromResult<TotpEnrollment?>(null);
        }
    }
}
