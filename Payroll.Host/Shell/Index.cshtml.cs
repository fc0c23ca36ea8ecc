using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Shell;

/// <summary>The home page: what the signed-in user's roles let them do.</summary>
public sealed class IndexModel(IClock clock) : PageModel
{
    public string Today { get; private set; } = "";

    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    public void OnGet()
    {
        Today = RocDate.Format(RocDate.TaipeiDate(clock.UtcNow));
        RoleNames = User.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
    }
}
