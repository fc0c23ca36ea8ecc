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
    // One pass over the ledger (a plain SELECT, so PostgreSQL may scan in parallel), streamed: the matching reads,
    // with the person for reads that are not of a document.
    private static readonly string HitsSql = $"""
        SELECT a.at AS {nameof(Hit.At)}, a.document_id AS {nameof(Hit.DocumentId)}, a.client_ip AS {nameof(Hit.ClientIp)},
               a.data_categories AS {nameof(Hit.Categories)}, s.subject_id AS {nameof(Hit.SubjectId)}
        FROM vault_access a
        LEFT JOIN vault_access_subject s ON s.access_seq = a.seq AND a.document_id IS NULL
        WHERE {AccessFilterSql.Where}
          AND a.outcome = 'Allowed' AND a.action IN ('View', 'Search', 'Export', 'Download', 'Unmask')
        """;

    private const string InsertDocumentSql = "INSERT INTO vault_tmp_value (list, value) VALUES ('document', @value)";

    // The people in the documents that were read: each document once, however often it was read.
    private const string DocumentSubjectsSql = $"""
        SELECT ds.document_id AS {nameof(DocumentSubject.DocumentId)}, ds.subject_id AS {nameof(DocumentSubject.SubjectId)},
               d.data_categories AS {nameof(DocumentSubject.Categories)}
        FROM vault_document_subject ds JOIN vault_document d ON d.id = ds.document_id
        WHERE ds.document_id IN (SELECT v.value FROM vault_tmp_value v WHERE v.list = 'document')
        """;

    public async ValueTask<IReadOnlyList<ExposedSubject>> Handle(GetSubjectsExposed request, CancellationToken cancellationToken)
    {
        var bySubject = new Dictionary<long, Accumulator>();
        Accumulator For(long subject) => bySubject.TryGetValue(subject, out var acc) ? acc : bySubject[subject] = new Accumulator();
        var byDocument = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var parameters = await AccessFilterSql.PrepareAsync(c, tx, request.Filter, options.Value.TrustedNetworks, cancellationToken);
            await foreach (var hit in c.QueryUnbufferedAsync<Hit>(HitsSql, parameters, tx).WithCancellation(cancellationToken))
            {
                if (hit.DocumentId is { } document)
                {
                    (byDocument.TryGetValue(document, out var acc) ? acc : byDocument[document] = new Accumulator()).Add(hit, categories: null);
                }
                else if (hit.SubjectId is { } subject)
                {
                    For(subject).Add(hit, hit.Categories);
                }
            }

            await c.ExecuteAsync(new CommandDefinition(InsertDocumentSql, byDocument.Keys.Select(d => new { value = d }), tx, cancellationToken: cancellationToken));
            await foreach (var row in c.QueryUnbufferedAsync<DocumentSubject>(DocumentSubjectsSql, transaction: tx).WithCancellation(cancellationToken))
            {
                For(row.SubjectId).Merge(byDocument[row.DocumentId], row.DocumentId, row.Categories);
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

        public void Add(Hit hit, string? categories)
        {
            _count++;
            _first = Math.Min(_first, hit.At);
            _last = Math.Max(_last, hit.At);
            if (hit.ClientIp is not null)
            {
                _ips.Add(hit.ClientIp);
            }

            AddCategories(categories);
        }

        /// <summary>A person in a document: every read of the document counts for them.</summary>
        public void Merge(Accumulator document, string documentId, string? categories)
        {
            _count += document._count;
            _first = Math.Min(_first, document._first);
            _last = Math.Max(_last, document._last);
            _ips.UnionWith(document._ips);
            _documents.Add(documentId);
            AddCategories(categories);
        }

        public ExposedSubject ToResult(long subjectId) => new(
            subjectId, _count, DateTimeOffset.FromUnixTimeMilliseconds(_first), DateTimeOffset.FromUnixTimeMilliseconds(_last),
            [.. _documents], [.. _categories], [.. _ips]);

        private void AddCategories(string? categories)
        {
            foreach (var category in (categories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                _categories.Add(category);
            }
        }
    }

    private sealed record Hit
    {
        public long At { get; init; }

        public string? DocumentId { get; init; }

        public string? ClientIp { get; init; }

        public string Categories { get; init; } = "";

        public long? SubjectId { get; init; }
    }

    private sealed record DocumentSubject
    {
        public string DocumentId { get; init; } = "";

        public long SubjectId { get; init; }

        public string? Categories { get; init; }
    }
}
