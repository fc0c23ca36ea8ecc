using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Vault;

/// <summary>
/// Sizing: fills an empty ledger with a synthetic year of traffic (documents of many people, page views of one person,
/// a share from outside addresses), with a valid hash chain, so the queries and the verification can be timed at a
/// city's scale. Refused unless the ledger is empty: never mixed with real records.
/// </summary>
[SentBy(Systems = [SystemActors.Benchmark])]
public sealed record GenerateSyntheticLedger(long Accesses, int Documents, int SubjectsPerDocument, int People, double OutsideShare, DateTimeOffset Start, int Days, int Seed, Actor Actor)
    : IRequest<SyntheticLedger>;

public sealed record SyntheticLedger(long Accesses, int Documents, long OutsideAccesses, DateTimeOffset Start, DateTimeOffset End);
