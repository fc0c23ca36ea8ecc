using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Breach.Incidents;

internal static class BreachAccess
{
    /// <summary>Compliance officers handle incidents (the command line acts for the system); auditors may read them.</summary>
    public static void RequireOfficer(Actor actor)
    {
        if (actor.UserId is not null && !actor.Roles.Contains(Roles.ComplianceOfficer))
        {
            throw new RefusedException("Only compliance officers handle breach incidents.");
        }
    }

    public static void RequireReader(Actor actor)
    {
        if (actor.UserId is not null && !actor.Roles.Contains(Roles.ComplianceOfficer) && !actor.Roles.Contains(Roles.Auditor))
        {
            throw new RefusedException("Only compliance officers and auditors read breach incidents.");
        }
    }
}
