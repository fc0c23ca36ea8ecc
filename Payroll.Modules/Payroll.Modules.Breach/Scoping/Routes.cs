using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Scoping;

internal enum TargetKind
{
    /// <summary>Not a page that shows people (static files, login...): ignored.</summary>
    None,
    EmployeeNo,
    EmployeeId,
    Grant,
    Report,

    /// <summary>A page that shows people, but which people cannot be told from the URL (a search, one's own page).</summary>
    Unresolved,
}

internal readonly record struct Target(TargetKind Kind, string Key, IReadOnlyList<string> Categories);

/// <summary>
/// Which people a request to this system (or to a mapped legacy system) showed, from its path and query alone:
/// <list type="bullet">
/// <item><c>/Personnel/Employee?no=</c>, <c>/Personnel/Edit?no=</c>: that person's record (masked identifiers, history);</item>
/// <item><c>/Salary/Payslip?employee=</c>: that person's payslip;</item>
/// <item><c>/documents/download/GRANT</c>: the people of the document the grant was for;</item>
/// <item>a legacy route: the people of the report it names;</item>
/// <item><c>/Me</c>, <c>/Personnel</c> (searches), <c>/Salary/Run</c>, <c>/Salary/Changes</c>, <c>/Audit</c>: people, but not which from the URL (the ledger knows).</item>
/// </list>
/// </summary>
internal sealed class Routes(IReadOnlyList<LegacyRoute> legacy, IReadOnlyList<string> legacyCategories)
{
    public static readonly string[] PersonnelCategories = ["name", "national-id-masked", "bank-account-masked", "contact-masked", "employment"];
    public static readonly string[] PayslipCategories = ["name", "salary", "bank-account-masked"];
    public const string DownloadPrefix = "/documents/download/";

    private static readonly string[] UnresolvedPrefixes = ["/Personnel", "/Salary/Run", "/Salary/Changes", "/Audit"];

    private readonly IReadOnlyList<string> _legacyCategories = legacyCategories.Count > 0 ? legacyCategories : ["name", "salary"];

    public bool Interesting(ReadOnlySpan<char> stem)
    {
        if (stem.StartsWith("/Personnel", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("/Salary/", StringComparison.OrdinalIgnoreCase)
            || stem.StartsWith(DownloadPrefix, StringComparison.OrdinalIgnoreCase) || stem.StartsWith("/Audit", StringComparison.OrdinalIgnoreCase)
            || stem.Equals("/Me", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("/Me/", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var route in legacy)
        {
            if (stem.StartsWith(route.PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public Target Classify(string stem, string query)
    {
        foreach (var route in legacy)
        {
            if (stem.StartsWith(route.PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var report = route.QueryParameter is { Length: > 0 } name ? Parameter(query, name) : stem[route.PathPrefix.Length..].Trim('/').Split('/')[0];
                return report is { Length: > 0 } ? new Target(TargetKind.Report, report, _legacyCategories) : new Target(TargetKind.Unresolved, "", []);
            }
        }

        if (stem.Equals("/Personnel/Employee", StringComparison.OrdinalIgnoreCase) || stem.Equals("/Personnel/Edit", StringComparison.OrdinalIgnoreCase))
        {
            return Parameter(query, "no") is { Length: > 0 } no ? new Target(TargetKind.EmployeeNo, no, PersonnelCategories) : new Target(TargetKind.Unresolved, "", []);
        }

        if (stem.Equals("/Salary/Payslip", StringComparison.OrdinalIgnoreCase))
        {
            return Parameter(query, "employee") is { Length: > 0 } id && long.TryParse(id, out _)
                ? new Target(TargetKind.EmployeeId, id, PayslipCategories) : new Target(TargetKind.Unresolved, "", []);
        }

        if (stem.StartsWith(DownloadPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new Target(TargetKind.Grant, stem[DownloadPrefix.Length..], []);
        }

        return stem.Equals("/Me", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("/Me/", StringComparison.OrdinalIgnoreCase)
               || UnresolvedPrefixes.Any(p => stem.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            ? new Target(TargetKind.Unresolved, "", [])
            : new Target(TargetKind.None, "", []);
    }

    /// <summary>The URL-decoded value of a query parameter (case-insensitive name), or null.</summary>
    public static string? Parameter(string query, string name)
    {
        foreach (var pair in query.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')).Trim();
            }
        }

        return null;
    }
}
