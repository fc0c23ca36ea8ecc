using Mediator;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Modules.Accounts.SignIn;

internal sealed class StartTotpEnrollmentHandler(Totp totp) : IRequestHandler<StartTotpEnrollment, TotpEnrollment>
{
    public ValueTask<TotpEnrollment> Handle(StartTotpEnrollment request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(totp.Enrollment(request.Username, Totp.NewSecret()));
}
