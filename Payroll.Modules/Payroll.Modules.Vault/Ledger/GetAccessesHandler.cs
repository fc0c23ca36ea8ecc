using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>Ledger search, newest first, a page at a time. The search itself is recorded (with the people it was about).</summary>
internal sealed class GetAccessesHandler(IDbConnectionFactory db, LedgerWriter ledger, IOptions<VaultOptions> options) : IRequestHandler<GetAccesses, AccessPage>
{
    private static readonly string SearchSql = $"""
        SELECT a.seq AS {nameof(Row.Seq)}, a.at AS {nameof(Row.At)}, a.actor AS {nameof(Row.Actor)}, a.roles AS {nameof(Row.Roles)},
               a.client_ip AS {nameof(Row.ClientIp)}, a.action AS {nameof(Row.Action)}, a.document_id AS {nameof(Row.DocumentId)},
               a.document_kind AS {nameof(Row.DocumentKind)}, a.resource AS {nameof(Row.Resource)}, a.subject_ids AS {nameof(Row.SubjectIds)},
               COALESCE(d.subject_count, 0) AS {nameof(Row.DocumentSubjects)}, a.outcome AS {nameof(Row.Outcome)}, a.reason AS {nameof(Row.Reason)}
        FROM vault_access a LEFT JOIN vault_document d ON d.id = a.document_id
        WHERE {AccessFilterSql.Where}
        ORDER BY a.seq DESC
        LIMIT @limit OFFSET @offset
        """;

    public async ValueTask<AccessPage> Handle(GetAccesses request, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 500);
        List<Row> rows;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var parameters = await AccessFilterSql.PrepareAsync(c, tx, request.Filter, options.Value.TrustedNetworks, cancellationToken);
            parameters.Add("limit", size + 1);
            parameters.Add("offset", (page - 1) * size);
            rows = (await c.QueryAsync<Row>(new CommandDefinition(SearchSql, parameters, tx, cancellationToken: cancellationToken))).AsList();
            await tx.CommitAsync(cancellationToken);
        }

        var entries = rows.Take(size).Select(r => new AccessEntry(
            r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Actor, r.Roles, r.ClientIp, Enum.Parse<AccessAction>(r.Action), r.DocumentId,
            r.DocumentKind, r.Resource, r.DocumentId is null ? CountIds(r.SubjectIds) : r.DocumentSubjects, Enum.Parse<AccessOutcome>(r.Outcome), r.Reason)).ToList();

        var shownSubjects = request.Filter.SubjectId is { } subject ? new[] { subject } : [];
        await ledger.AppendAccessAsync(
            request.Actor, AccessAction.Search, null, null, "ledger-search", shownSubjects, ["access-ledger"], AccessOutcome.Allowed, null, cancellationToken);
        return new AccessPage(entries, page, size, rows.Count > size);
    }

    private static int CountIds(string ids) => ids.Length == 0 ? 0 : ids.Count(ch => ch == ',') + 1;

    private sealed record Row
    {
        public long Seq { get; init; }

        public long At { get; init; }

        public string Actor { get; init; } = "";

        public string? Roles { get; init; }

        public string? ClientIp { get; init; }

        public string Action { get; init; } = "";

        public string? DocumentId { get; init; }

        public string? DocumentKind { get; init; }

        public string? Resource { get; init; }

        public string SubjectIds { get; init; } = "";

        public int DocumentSubjects { get; init; }

        public string Outcome { get; init; } = "";

        public string? Reason { get; init; }
    }
}
