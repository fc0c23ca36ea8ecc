using Mediator;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Administration;

internal sealed class SetAccountDisabledHandler(UserStore users, SessionStore sessions, IClock clock) : IRequestHandler<SetAccountDisabled>
{
    public async ValueTask<Unit> Handle(SetAccountDisabled request, CancellationToken cancellationToken)
    {
        var user = await users.RequireAsync(request.Username, cancellationToken);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await users.SetDisabledAsync(user.Id, request.Disabled, request.Actor.Name, now, cancellationToken);
        if (request.Disabled)
        {
            await sessions.EndAllAsync(user.Id, "disabled", now, cancellationToken);
        }

        return Unit.Value;
    }
}
