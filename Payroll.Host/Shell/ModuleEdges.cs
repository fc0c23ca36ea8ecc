using Payroll.Host.Accounts;
using Payroll.Host.Audit;
using Payroll.Host.BankTransfer;
using Payroll.Host.Breach;
using Payroll.Host.Personnel;
using Payroll.Host.Salary;

namespace Payroll.Host.Shell;

/// <summary>Every module's edge, in menu order. The web host maps their endpoints, the command line adds their verbs.</summary>
internal static class ModuleEdges
{
    public static readonly IReadOnlyList<IModuleEdge> All =
        [new SalaryEdge(), new PersonnelEdge(), new BankTransferEdge(), new BreachEdge(), new AuditEdge(), new AccountsEdge()];

    public static void MapModuleEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var edge in All)
        {
            edge.MapEndpoints(app);
        }
    }

    /// <summary>The menu entries the user's roles open.</summary>
    public static IEnumerable<MenuEntry> MenuFor(System.Security.Claims.ClaimsPrincipal user) =>
        All.SelectMany(e => e.Menu()).Where(m => m.Roles.Any(user.IsInRole));
}
