using Payroll.Modules.Contracts;

namespace Payroll.Modules.BankTransfer.Generation;

internal static class BankAccess
{
    private static readonly string[] Makers = ["PayrollOperator", "Admin"];

    /// <summary>Payroll operators generate files (the command line and jobs act for the system).</summary>
    public static void RequireMaker(Actor actor)
    {
        if (actor.UserId is not null && !actor.Roles.Any(Makers.Contains))
        {
            throw new UnauthorizedAccessException("Only payroll operators generate bank files.");
        }
    }

    /// <summary>Only a payroll approver releases, and never the person who generated the files.</summary>
    public static void RequireChecker(Actor actor, string generatedBy)
    {
        if (!actor.Roles.Contains("PayrollApprover"))
        {
            throw new UnauthorizedAccessException($"{actor.Name} is not a payroll approver: only an approver releases bank files.");
        }

        if (string.Equals(actor.Name, generatedBy, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"{actor.Name} generated these files and cannot also release them: a second person releases.");
        }
    }
}
