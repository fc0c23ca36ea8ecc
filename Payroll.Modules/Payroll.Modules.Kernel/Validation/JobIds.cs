using System.Text.RegularExpressions;

namespace Payroll.Modules.Kernel.Validation;

/// <summary>The shape of a background job's or recurring job's id as the job dashboard names it.</summary>
public static partial class JobIds
{
    /// <summary>Letters, digits and <c>. _ : -</c> only, 1 to 64 of them.</summary>
    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex Shape();
}
