using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Breach;

/// <summary>Which ledger entries count: a time window, addresses, actors, document kinds (empty lists: any).</summary>
public sealed record LedgerScope(DateTimeOffset From, DateTimeOffset To, bool OutsideTrustedOnly, IReadOnlyList<string> IpRanges, IReadOnlyList<string> Actors, IReadOnlyList<string> DocumentKinds);

public enum LogFormat
{
    /// <summary>IIS W3C extended: <c>#Fields:</c> directives (which may change mid-file), times in UTC.</summary>
    Iis,

    /// <summary>nginx/Apache combined: <c>addr - user [10/Oct/2026:13:55:36 +0800] "GET /path HTTP/1.1" status bytes "referer" "agent"</c>.</summary>
    Nginx,
}

/// <summary>A web-server log on this machine's disk, read as a stream (never loaded whole).</summary>
public sealed record LogFile(LogFormat Format, string Path);

/// <summary>
/// An old system's report URL: requests whose path starts with <see cref="PathPrefix"/> (case-insensitive) name a report
/// by the query parameter <see cref="QueryParameter"/>, or, without one, by the path segment that follows the prefix.
/// </summary>
public sealed record LegacyRoute(string PathPrefix, string? QueryParameter);

/// <summary>
/// Where to look for who was affected; any combination. Log entries count inside [<see cref="From"/>, <see cref="To"/>)
/// and, with <see cref="OutsideTrustedOnly"/>, only from addresses outside the trusted networks. <see cref="LegacyReports"/>
/// is a workbook (sheet 報表: 報表代號, 員工編號) of the people each legacy report held; <see cref="EmployeeList"/> a
/// workbook whose first column is employee numbers.
/// </summary>
public sealed record ScopeInput(
    LedgerScope? Ledger,
    IReadOnlyList<LogFile> Logs,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool OutsideTrustedOnly,
    IReadOnlyList<LegacyRoute> LegacyRoutes,
    byte[]? LegacyReports,
    IReadOnlyList<string> LegacyCategories,
    byte[]? EmployeeList)
{
    /// <summary>Only a list of people (a workbook whose first column is employee numbers).</summary>
    public static ScopeInput FromList(byte[] employeeList) => new(null, [], null, null, false, [], null, [], employeeList);

    /// <summary>Only the access ledger, over the scope's window.</summary>
    public static ScopeInput FromLedger(LedgerScope ledger) => new(ledger, [], null, null, ledger.OutsideTrustedOnly, [], null, [], null);

    /// <summary>Only web-server logs, counting requests from outside the trusted networks unless told otherwise.</summary>
    public static ScopeInput FromLogs(IReadOnlyList<LogFile> logs, bool outsideTrustedOnly = true) => new(null, logs, null, null, outsideTrustedOnly, [], null, [], null);
}

/// <summary>Works out who was affected and saves it as the incident's next affected-set version, with its evidence and the inputs' SHA-256.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record ScopeIncident(long IncidentId, ScopeInput Input, Actor Actor) : IRequest<AffectedSetSummary>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks =>
        [(nameof(ScopeInput.LegacyReports), Input.LegacyReports), (nameof(ScopeInput.EmployeeList), Input.EmployeeList)];
}

public sealed record SourceCount(string Source, int People, long Requests);

public sealed record NamedCount(string Name, int People);

/// <summary>A request that exposed nobody (failed, redirected) or could not be resolved to people, kept as evidence.</summary>
public sealed record UnresolvedRequest(string Source, string Kind, DateTimeOffset At, string ClientIp, string Method, string Path, int Status, string UserAgent);

public sealed record AffectedSetSummary(
    long SetId,
    long IncidentId,
    int Version,
    int People,
    IReadOnlyList<SourceCount> Sources,
    IReadOnlyList<NamedCount> Units,
    IReadOnlyList<NamedCount> Categories,
    long FailedRequests,
    long UnresolvedRequests,
    IReadOnlyList<UnresolvedRequest> Samples,
    IReadOnlyList<string> Inputs,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>One affected person of a set and what put them in it (no personal data beyond the employee number and unit).</summary>
public sealed record AffectedPerson(
    long EmployeeId, string EmployeeNo, string UnitCode, IReadOnlyList<string> Sources, IReadOnlyList<string> Categories, long Accesses,
    DateTimeOffset FirstAt, DateTimeOffset LastAt, IReadOnlyList<string> ClientIps, string Sample);

/// <summary>The people of an incident's current (or given) affected set; reading it is recorded.</summary>
[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record GetAffectedPeople(long IncidentId, int? Version, Actor Actor) : IRequest<IReadOnlyList<AffectedPerson>>;
