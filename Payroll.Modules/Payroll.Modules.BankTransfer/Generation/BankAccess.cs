using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.BankTransfer.Generation;

internal static class BankAccess
{
    /// <summary>Only a payroll approver releases, and never the person who generated the files.</summary>
    public static void RequireChecker(Actor actor, string generatedBy)
    {
        if (!actor.Roles.Contains(Roles.PayrollApprover))
        {
            throw new RefusedException($"{actor.Name} is not a payroll approver: only an approver releases bank files.");
        }

        if (string.Equals(actor.Name, generatedBy, StringComparison.Ordinal))
        {
            throw new RefusedException($"{actor.Name} generated these files and cannot also release them: a second person releases.", RefusedException.FourEyesRule);
        }
    }
}
