using Mediator;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Sessions;

internal sealed class SignOutHandler(SessionStore sessions, UserStore users, IClock clock) : IRequestHandler<SignOut>
{
    public async ValueTask<Unit> Handle(SignOut request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await sessions.EndAsync(request.SessionId, "logout", now, cancellationToken);
        await users.RecordEventAsync(request.UserId, "logout", "self", request.ClientIp, now, cancellationToken);
        return Unit.Value;
    }
}
