using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Shell;

/// <summary>What a page shows when an action is refused: each bad field by name, or why the state or the user's rights forbid it.</summary>
internal static class PageProblems
{
    /// <summary>Runs <paramref name="action"/>; the problems it was refused for, or none when it succeeded.</summary>
    public static async Task<IReadOnlyList<string>> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return [];
        }
        catch (InvalidInputException ex)
        {
            return ex.Errors.Select(e => e.ToString()).ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or UnauthorizedAccessException)
        {
            return [ex.Message];
        }
    }
}
