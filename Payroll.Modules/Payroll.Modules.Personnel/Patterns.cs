using System.Text.RegularExpressions;

namespace Payroll.Modules.Personnel;

/// <summary>The shapes of codes and numbers, one definition for entry, imports and units.</summary>
internal static partial class Patterns
{
    /// <summary>Employee numbers and unit codes: 1-20 letters or digits.</summary>
    [GeneratedRegex("^[A-Za-z0-9]{1,20}$")]
    public static partial Regex Code();

    /// <summary>Bank codes: 3 digits (DOMAIN.md §3).</summary>
    [GeneratedRegex("^[0-9]{3}$")]
    public static partial Regex Bank();

    /// <summary>Branch codes: 4 digits.</summary>
    [GeneratedRegex("^[0-9]{4}$")]
    public static partial Regex Branch();

    /// <summary>Account numbers: 10 to 16 digits (the ACH detail record holds 16).</summary>
    [GeneratedRegex("^[0-9]{10,16}$")]
    public static partial Regex Account();
}
