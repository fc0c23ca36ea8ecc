using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Tests.Support;

/// <summary>
/// Approval as an approver does it on a database that holds only the shipped (unverified) tables: acknowledging, by name,
/// each unverified table the run used. For the tests whose subject is not the approval gate itself.
/// </summary>
internal static class Approvals
{
    public static async Task<PayrollRunSummary> ApproveAcknowledgingAsync(this IServiceProvider services, long runId, Actor approver)
    {
        var unverified = (await services.SendInScopeAsync(new GetRunTables(runId, TestActors.Staff))).Where(t => !t.Verified).Select(t => t.Ref).ToList();
        return await services.SendInScopeAsync(new ApprovePayrollRun(runId, approver, unverified));
    }
}
