using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Accounts.Administration;

internal static class AccountLookup
{
    /// <summary>The account by user name; one nobody has is not found.</summary>
    public static async Task<UserRecord> RequireAsync(this UserStore users, string username, CancellationToken ct) =>
        await users.FindByNameAsync(username.Trim(), ct) ?? throw new NotFoundException("account named", username);
}
