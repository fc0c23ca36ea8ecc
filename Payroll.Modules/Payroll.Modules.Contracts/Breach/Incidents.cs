using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Breach;

/// <summary>
/// The law an incident is handled under: <see cref="Pdpa"/> as in force (notice after investigation, "promptly"), or
/// <see cref="Pdpa2025"/>, the 2025 amendment and its draft rules (notices and the regulator's report 72 hours after
/// awareness when the thresholds are met), from its effective date.
/// </summary>
public enum BreachRuleSet
{
    Pdpa,
    Pdpa2025,
}

/// <summary>What is known of an incident. Times are instants (UTC); the level is the cyber-security incident level 1–4.</summary>
public sealed record IncidentInput(
    string Title,
    DateTimeOffset AwareAt,
    int Level,
    BreachRuleSet RuleSet,
    DateTimeOffset? OccurredFrom = null,
    DateTimeOffset? OccurredTo = null,
    DateTimeOffset? DiscoveredAt = null,
    DateTimeOffset? ConfirmedAt = null,
    DateTimeOffset? ContainedAt = null,
    string? Facts = null,
    string? Cause = null,
    IReadOnlyList<string>? DataCategories = null,
    string? ContactOffice = null,
    string? ContactPhone = null,
    string? ContactEmail = null,
    bool SensitiveData = false,
    long? SystemRecords = null);

/// <summary>Records a new incident (a <c>ComplianceOfficer</c>, or the command line); returns its id.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record CreateIncident(IncidentInput Input, Actor Actor) : IRequest<long>;

/// <summary>Replaces what is known of an incident (facts, cause, times, contact point...), recorded with who and when.</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record UpdateIncident(long IncidentId, IncidentInput Input, Actor Actor) : IRequest<IncidentDetail>;

/// <summary>Adds a measure taken, with when it was taken: the list the notices quote (Enforcement Rules art. 22(2)).</summary>
[SentBy(Roles.ComplianceOfficer)]
public sealed record AddIncidentMeasure(long IncidentId, DateTimeOffset TakenAt, string Text, Actor Actor) : IRequest<IncidentDetail>;

[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record GetIncident(long IncidentId, Actor Actor) : IRequest<IncidentDetail?>;

[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record ListIncidents(Actor Actor) : IRequest<IReadOnlyList<IncidentSummary>>;

public sealed record IncidentSummary(long IncidentId, string Title, DateTimeOffset AwareAt, int Level, BreachRuleSet RuleSet, int? Affected, string CreatedBy);

public sealed record IncidentMeasure(DateTimeOffset TakenAt, string Text, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// A deadline of the incident's rule set: what is due, by when, under which provision, whether it applies (thresholds),
/// and when it was met (null while open).
/// </summary>
public sealed record IncidentDeadline(string Key, string What, DateTimeOffset? Due, string Basis, bool Applies, DateTimeOffset? MetAt);

public sealed record IncidentDetail(
    long IncidentId,
    IncidentInput Input,
    IReadOnlyList<IncidentMeasure> Measures,
    IReadOnlyList<IncidentDeadline> Deadlines,
    AffectedSetSummary? CurrentSet,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>The rule set that applies to an incident the organisation became aware of at <paramref name="AwareAt"/>, by the configured effective date of the 2025 amendment.</summary>
[SentBy(Roles.ComplianceOfficer, Roles.Auditor)]
public sealed record GetApplicableRuleSet(DateTimeOffset AwareAt, Actor Actor) : IRequest<BreachRuleSet>;
