using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Administration;

internal sealed class ResetTotpHandler(UserStore users, SessionStore sessions, IClock clock) : IRequestHandler<ResetTotp>
{
    public async ValueTask<Unit> Handle(ResetTotp request, CancellationToken cancellationToken)
    {
        var user = await users.RequireAsync(request.Username, cancellationToken);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await users.SetTotpAsync(user.Id, null, enrolled: false, "totp-reset", request.Actor.Name, null, now, cancellationToken);
        await sessions.EndAllAsync(user.Id, "totp-reset", now, cancellationToken);
        return Unit.Value;
    }
}
