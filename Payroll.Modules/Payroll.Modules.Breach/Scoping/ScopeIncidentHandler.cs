using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Network;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Scoping;

/// <summary>
/// Finds who an incident affected, from any mix of the access ledger, web-server logs (IIS, nginx), legacy report URLs
/// and a list of employee numbers, and saves the result as the incident's next affected-set version: each person with
/// the sources, data categories, number of accesses, first and last time, addresses and a sample of the evidence; the
/// counts by source, unit and category; the requests that exposed nobody; and the SHA-256 of every input. Logs are
/// streamed: only requests to pages that show people are parsed, and only one entry per page target is kept.
/// </summary>
internal sealed class ScopeIncidentHandler(ISender sender, IncidentStore incidents, AffectedSetStore sets, IOptions<BreachOptions> options, IClock clock)
    : IRequestHandler<ScopeIncident, AffectedSetSummary>
{
    private const int MaxSamples = 200;
    private const int MaxIps = 5;

    public async ValueTask<AffectedSetSummary> Handle(ScopeIncident request, CancellationToken cancellationToken)
    {
        var incident = await incidents.ReadAsync(request.IncidentId, sets, cancellationToken) ?? throw new NotFoundException("incident", request.IncidentId);
        var input = request.Input;
        if (input.Ledger is null && input.Logs.Count == 0 && input.EmployeeList is null)
        {
            throw new InvalidInputException([new InputError(null, "sources", "scope from the ledger, a web-server log or a list of employee numbers")]);
        }

        var missing = input.Logs.Where(l => !File.Exists(l.Path)).Select(l => new InputError(null, "logs", $"no file {l.Path}")).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException(missing);
        }

        var scope = new Scope();
        var inputs = new List<string>();

        if (input.Ledger is { } ledger)
        {
            var exposed = await sender.Send(new GetSubjectsExposed(
                new AccessFilter(ledger.From, ledger.To, ledger.IpRanges, ledger.OutsideTrustedOnly, ledger.Actors, ledger.DocumentKinds, null, null, AccessOutcome.Allowed), request.Actor), cancellationToken);
            foreach (var e in exposed)
            {
                scope.Person(e.SubjectId).Add("ledger", e.DataCategories, e.AccessCount, e.FirstAt, e.LastAt, e.ClientIps, $"ledger: {e.AccessCount} access(es), documents {string.Join(' ', e.DocumentIds.Take(3))}");
            }

            scope.Requests["ledger"] = exposed.Sum(e => (long)e.AccessCount);
            inputs.Add(string.Create(CultureInfo.InvariantCulture, $"ledger {ledger.From:O}..{ledger.To:O} outside-only={ledger.OutsideTrustedOnly} ranges={string.Join(' ', ledger.IpRanges)} actors={string.Join(' ', ledger.Actors)} kinds={string.Join(' ', ledger.DocumentKinds)}"));
        }

        var routes = new Routes(input.LegacyRoutes, input.LegacyCategories);
        var trusted = options.Value.TrustedNetworks.Select(IpRange.Parse).ToList();
        foreach (var log in input.Logs)
        {
            var source = $"{log.Format.ToString().ToLowerInvariant()}:{Path.GetFileName(log.Path)}";
            var sha = ReadLog(log, source, routes, trusted, input, scope);
            inputs.Add($"{source} sha256={sha}");
        }

        var reports = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var numbers = new List<(string Source, int? Row, string No)>();
        if (input.LegacyReports is { } legacyBook)
        {
            foreach (var (row, report, no) in PeopleLists.LegacyReports(legacyBook))
            {
                (reports.TryGetValue(report, out var list) ? list : reports[report] = []).Add(no);
                numbers.Add(("legacyReports", row, no));
            }

            inputs.Add($"legacy reports workbook sha256={Sha(legacyBook)} ({reports.Count} reports)");
        }

        if (input.EmployeeList is { } listBook)
        {
            numbers.AddRange(PeopleLists.EmployeeNumbers(listBook).Select(r => ("employeeList", (int?)r.Row, r.EmployeeNo)));
            inputs.Add($"employee list sha256={Sha(listBook)}");
        }

        numbers.AddRange(scope.Hits.Keys.Where(k => k.Kind == TargetKind.EmployeeNo).Select(k => ("log", (int?)null, k.Key)));
        var ids = numbers.Count == 0 ? new Dictionary<string, long>()
            : (await sender.Send(new FindEmployees(numbers.Select(n => n.No).Distinct().ToList()), cancellationToken)).ToDictionary(e => e.EmployeeNo, e => e.EmployeeId, StringComparer.Ordinal);
        var unknown = numbers.Where(n => n.Source != "log" && !ids.ContainsKey(n.No)).Select(n => new InputError(n.Row, n.Source, $"no employee {n.No}")).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException(unknown);
        }

        if (input.EmployeeList is not null)
        {
            foreach (var (source, _, no) in numbers.Where(n => n.Source == "employeeList"))
            {
                scope.Person(ids[no]).Add("list", incident.Input.DataCategories ?? [], 0, incident.Input.OccurredFrom ?? incident.Input.AwareAt, incident.Input.OccurredTo ?? incident.Input.AwareAt, [], "listed");
            }
        }

        var grants = scope.Hits.Keys.Where(k => k.Kind == TargetKind.Grant).Select(k => k.Key).ToList();
        var documents = grants.Count == 0 ? [] : (await sender.Send(new GetDocumentSubjects(grants, []), cancellationToken)).ToDictionary(d => d.GrantId!, StringComparer.Ordinal);
        foreach (var (target, hit) in scope.Hits)
        {
            IEnumerable<long> reached = target.Kind switch
            {
                TargetKind.EmployeeNo => ids.TryGetValue(target.Key, out var id) ? [id] : [],
                TargetKind.EmployeeId => [long.Parse(target.Key, CultureInfo.InvariantCulture)],
                TargetKind.Grant => documents.TryGetValue(target.Key, out var d) ? d.SubjectIds : [],
                TargetKind.Report => reports.TryGetValue(target.Key, out var nos) ? nos.Select(n => ids[n]) : [],
                _ => [],
            };
            var categories = target.Kind == TargetKind.Grant && documents.TryGetValue(target.Key, out var doc) ? doc.DataCategories : hit.Categories;
            var any = false;
            foreach (var person in reached)
            {
                any = true;
                scope.Person(person).Add(hit.Source, categories, hit.Count, hit.First, hit.Last, hit.Ips, hit.Sample);
            }

            if (!any)
            {
                scope.Unresolved += hit.Count;
                scope.Sample(new UnresolvedRequest(hit.Source, $"unknown {target.Kind}", hit.First, hit.Ips.FirstOrDefault() ?? "", "", hit.Sample, 200, ""));
            }
        }

        var aware = RocDate.InTaipei(incident.Input.AwareAt);
        var identities = scope.People.Count == 0 ? []
            : (await sender.Send(new GetPayrollIdentities(aware.Year, aware.Month, scope.People.Keys.ToList()), cancellationToken)).ToDictionary(i => i.EmployeeId);
        var people = scope.People.Where(p => identities.ContainsKey(p.Key)).Select(p =>
        {
            var who = identities[p.Key];
            var a = p.Value;
            return new AffectedPerson(p.Key, who.EmployeeNo, who.UnitCode, a.Sources.Order(StringComparer.Ordinal).ToList(), a.Categories.Order(StringComparer.Ordinal).ToList(),
                a.Accesses, a.First, a.Last, a.Ips.ToList(), a.Sample);
        }).OrderBy(p => p.EmployeeNo, StringComparer.Ordinal).ToList();

        var summary = new AffectedSetSummary(
            0, request.IncidentId, 0, people.Count,
            people.SelectMany(p => p.Sources.Select(s => (s, p.EmployeeId))).GroupBy(x => x.s)
                .Select(g => new SourceCount(g.Key, g.Count(), scope.Requests.GetValueOrDefault(g.Key))).OrderBy(s => s.Source, StringComparer.Ordinal).ToList(),
            people.GroupBy(p => p.UnitCode).Select(g => new NamedCount(g.Key, g.Count())).OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
            people.SelectMany(p => p.Categories).GroupBy(c => c).Select(g => new NamedCount(g.Key, g.Count())).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            scope.Failed, scope.Unresolved, scope.Samples, inputs, request.Actor.Name, clock.UtcNow);
        return await sets.SaveAsync(summary, people, cancellationToken);
    }

    private static string ReadLog(LogFile log, string source, Routes routes, IReadOnlyList<IpRange> trusted, ScopeInput input, Scope scope)
    {
        using var sha = SHA256.Create();
        using (var file = new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Read))
        using (var reader = new StreamReader(hashing, Encoding.UTF8, false, 1 << 16))
        {
            var requests = log.Format == LogFormat.Iis ? LogReaders.ReadIis(reader, source, routes.Interesting) : LogReaders.ReadCombined(reader, source, routes.Interesting);
            long counted = 0;
            foreach (var r in requests)
            {
                if ((input.From is { } from && r.At < from) || (input.To is { } to && r.At >= to)
                    || (input.OutsideTrustedOnly && IpRange.ToBytes(r.ClientIp) is { } bytes && trusted.Any(t => t.Contains(bytes))))
                {
                    continue;
                }

                var target = routes.Classify(r.Stem, r.Query);
                if (target.Kind == TargetKind.None)
                {
                    continue;
                }

                counted++;
                var sample = string.Create(CultureInfo.InvariantCulture, $"{source}:{r.Line} {r.At:yyyy-MM-dd HH:mm:ss}Z {r.ClientIp} {r.Method} {r.Stem}{(r.Query.Length > 0 ? "?" + r.Query : "")} {r.Status} {r.UserAgent}");
                if (r.Status >= 300)
                {
                    scope.Failed++;
                    scope.Sample(new UnresolvedRequest(source, r.Status >= 400 ? "failed" : "redirected", r.At, r.ClientIp, r.Method, r.Stem, r.Status, r.UserAgent));
                }
                else if (target.Kind == TargetKind.Unresolved)
                {
                    scope.Unresolved++;
                    scope.Sample(new UnresolvedRequest(source, "unresolved", r.At, r.ClientIp, r.Method, r.Stem, r.Status, r.UserAgent));
                }
                else
                {
                    var key = (target.Kind, target.Key);
                    if (!scope.Hits.TryGetValue(key, out var hit))
                    {
                        scope.Hits[key] = hit = new Hit(source, target.Categories, r.At, sample);
                    }

                    hit.Count++;
                    hit.First = r.At < hit.First ? r.At : hit.First;
                    hit.Last = r.At > hit.Last ? r.At : hit.Last;
                    if (hit.Ips.Count < MaxIps)
                    {
                        hit.Ips.Add(r.ClientIp);
                    }
                }
            }

            scope.Requests[source] = scope.Requests.GetValueOrDefault(source) + counted;
            reader.ReadToEnd();
        }

        return Convert.ToHexStringLower(sha.Hash!);
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private sealed class Scope
    {
        public Dictionary<(TargetKind Kind, string Key), Hit> Hits { get; } = [];

        public Dictionary<long, PersonEvidence> People { get; } = [];

        public Dictionary<string, long> Requests { get; } = new(StringComparer.Ordinal);

        public List<UnresolvedRequest> Samples { get; } = [];

        public long Failed { get; set; }

        public long Unresolved { get; set; }

        public PersonEvidence Person(long id) => People.TryGetValue(id, out var p) ? p : People[id] = new PersonEvidence();

        public void Sample(UnresolvedRequest request)
        {
            if (Samples.Count < MaxSamples)
            {
                Samples.Add(request);
            }
        }
    }

    private sealed class Hit(string source, IReadOnlyList<string> categories, DateTimeOffset at, string sample)
    {
        public string Source { get; } = source;

        public IReadOnlyList<string> Categories { get; } = categories;

        public long Count { get; set; }

        public DateTimeOffset First { get; set; } = at;

        public DateTimeOffset Last { get; set; } = at;

        public HashSet<string> Ips { get; } = new(StringComparer.Ordinal);

        public string Sample { get; } = sample;
    }

    private sealed class PersonEvidence
    {
        public SortedSet<string> Sources { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Categories { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Ips { get; } = new(StringComparer.Ordinal);

        public long Accesses { get; private set; }

        public DateTimeOffset First { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

        public string Sample { get; private set; } = "";

        public void Add(string source, IEnumerable<string> categories, long accesses, DateTimeOffset first, DateTimeOffset last, IEnumerable<string> ips, string sample)
        {
            Sources.Add(source);
            Categories.UnionWith(categories);
            foreach (var ip in ips.Where(ip => ip.Length > 0))
            {
                if (Ips.Count < MaxIps)
                {
                    Ips.Add(ip);
                }
            }

            Accesses += accesses;
            First = first < First ? first : First;
            Last = last > Last ? last : Last;
            Sample = Sample.Length == 0 ? sample : Sample;
        }
    }
}
