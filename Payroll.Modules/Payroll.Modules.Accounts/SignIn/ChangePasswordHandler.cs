using Mediator;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Microsoft.Extensions.Options;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.SignIn;

internal sealed class ChangePasswordHandler(UserStore users, IClock clock, IOptions<SecurityOptions> options) : IRequestHandler<ChangePassword, string?>
{
    public async ValueTask<string?> Handle(ChangePassword request, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(request.UserId, cancellationToken);
        if (user is null || Passwords.Verify(user, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            return "CurrentPasswordWrong";
        }

        if (Passwords.Problem(options.Value, request.NewPassword, request.CurrentPassword) is { } problem)
        {
            return problem;
        }

        await users.SetPasswordAsync(user.Id, Passwords.Hash(request.NewPassword), "password-changed", user.Username, request.ClientIp, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
        return null;
    }
}
