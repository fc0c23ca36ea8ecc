using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// Who was exposed: every allowed read matching the filter, resolved to the people it showed, one row per person.
/// Documents are aggregated per document and address first, so a register read a thousand times costs one join.
/// </summary>
internal sealed class GetSubjectsExposedHandler(IDbConnectionFactory db, LedgerWriter ledger, IOptions<VaultOptions> options)
    : IRequestHandler<GetSubjectsExposed, IReadOnlyList<ExposedSubject>>
{
    private const string ExposureSql = $"""
        WITH hits AS (
            SELECT a.seq, a.at, a.document_id, a.client_ip, a.data_categories
            FROM vault_access a
            WHERE {AccessFilterSql.Where}
              AND a.outcome = 'Allowed' AND a.action IN ('View', 'Search', 'Export', 'Download', 'Unmask')
        ),
        per_document AS (
            SELECT document_id, client_ip, COUNT(*) AS n, MIN(at) AS first_at, MAX(at) AS last_at
            FROM hits WHERE document_id IS NOT NULL
            GROUP BY document_id, client_ip
        )
        SELECT ds.subject_id AS {nameof(Row.SubjectId)}, p.document_id AS {nameof(Row.DocumentId)}, p.client_ip AS {nameof(Row.ClientIp)},
               p.n AS {nameof(Row.Accesses)}, p.first_at AS {nameof(Row.FirstAt)}, p.last_at AS {nameof(Row.LastAt)}, d.data_categories AS {nameof(Row.Categories)}
        FROM per_document p
        JOIN vault_document_subject ds ON ds.document_id = p.document_id
        JOIN vault_document d ON d.id = p.document_id
        UNION ALL
        SELECT s.subject_id, NULL, h.client_ip, COUNT(*), MIN(h.at), MAX(h.at), h.data_categories
        FROM hits h JOIN vault_access_subject s ON s.access_seq = h.seq
        WHERE h.document_id IS NULL
        GROUP BY s.subject_id, h.client_ip, h.data_categories
        """;

    public async ValueTask<IReadOnlyList<ExposedSubject>> Handle(GetSubjectsExposed request, CancellationToken cancellationToken)
    {
        var bySubject = new Dictionary<long, Accumulator>();
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var parameters = await AccessFilterSql.PrepareAsync(c, tx, request.Filter, options.Value.TrustedNetworks, cancellationToken);
            await foreach (var row in c.QueryUnbufferedAsync<Row>(ExposureSql, parameters, tx).WithCancellation(cancellationToken))
            {
                if (!bySubject.TryGetValue(row.SubjectId, out var acc))
                {
                    bySubject[row.SubjectId] = acc = new Accumulator();
                }

                acc.Add(row);
            }

            await tx.CommitAsync(cancellationToken);
        }

        var result = bySubject.OrderBy(kv => kv.Key).Select(kv => kv.Value.ToResult(kv.Key)).ToList();
        await ledger.AppendAccessAsync(
            request.Actor, AccessAction.Search, null, null, "exposure-query", result.Select(r => r.SubjectId).ToList(), ["access-ledger"], AccessOutcome.Allowed, null, cancellationToken);
        return result;
    }

    private sealed class Accumulator
    {
        private readonly SortedSet<string> _documents = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _categories = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _ips = new(StringComparer.Ordinal);
        private int _count;
        private long _first = long.MaxValue;
        private long _last = long.MinValue;

        public void Add(Row row)
        {
            _count += (int)row.Accesses;
            _first = Math.Min(_first, row.FirstAt);
            _last = Math.Max(_last, row.LastAt);
            if (row.DocumentId is not null)
            {
                _documents.Add(row.DocumentId);
            }

            if (row.ClientIp is not null)
            {
                _ips.Add(row.ClientIp);
            }

            foreach (var category in (row.Categories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                _categories.Add(category);
            }
        }

        public ExposedSubject ToResult(long subjectId) => new(
            subjectId, _count, DateTimeOffset.FromUnixTimeMilliseconds(_first), DateTimeOffset.FromUnixTimeMilliseconds(_last),
            [.. _documents], [.. _categories], [.. _ips]);
    }

    private sealed record Row
    {
        public long SubjectId { get; init; }

        public string? DocumentId { get; init; }

        public string? ClientIp { get; init; }

        public long Accesses { get; init; }

        public long FirstAt { get; init; }

        public long LastAt { get; init; }

        public string? Categories { get; init; }
    }
}
