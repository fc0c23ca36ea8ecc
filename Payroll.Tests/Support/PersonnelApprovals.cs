using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Tests.Support;

/// <summary>
/// Saving people as an HR office does it: one clerk enters, a second approves what waits for four eyes (new people,
/// accounts, grades, points, allowances, backdated dates). For the tests whose subject is not the approval itself.
/// </summary>
internal static class PersonnelApprovals
{
    /// <summary>The second HR clerk: approves what the others entered.</summary>
    public static readonly Actor SecondClerk = Actor.User(900_003, "test-second-clerk", [Roles.HrClerk]);

    public static async Task<long> SaveApprovedAsync(this IServiceProvider services, SaveEmployee save) =>
        await ApproveAsync(services, await services.SendInScopeAsync(save));

    public static async Task<long> ChangeApprovedAsync(this IServiceProvider services, ChangeEmployee change) =>
        await ApproveAsync(services, await services.SendInScopeAsync(change));

    /// <summary>Imports, then approves the import's batch when it has one.</summary>
    public static async Task<EmployeeImportResult> ImportApprovedAsync(this IServiceProvider services, ImportEmployees import)
    {
        var result = await services.SendInScopeAsync(import);
        if (result.Batch is { } batch)
        {
            await services.SendInScopeAsync(new DecidePendingChanges([], batch, true, null, SecondClerk));
        }

        return result;
    }

    private static async Task<long> ApproveAsync(IServiceProvider services, SavedEmployee saved)
    {
        if (saved.PendingChangeId is { } id)
        {
            await services.SendInScopeAsync(new DecidePendingChanges([id], null, true, null, SecondClerk));
        }

        return saved.EmployeeId;
    }
}
