using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Documents;

/// <summary>Grants (as seen in a web-server log) and document ids resolved to their documents' kind, categories and people.</summary>
internal sealed class GetDocumentSubjectsHandler(IDbConnectionFactory db) : IRequestHandler<GetDocumentSubjects, IReadOnlyList<DocumentSubjects>>
{
    private const string GrantsSql = $"SELECT id AS GrantId, document_id AS DocumentId FROM vault_grant WHERE id IN {SqlDialect.CodeSetMarker}";

    private const string DocumentsSql = $"SELECT id AS DocumentId, kind AS Kind, data_categories AS Categories FROM vault_document WHERE id IN {SqlDialect.CodeSetMarker}";

    private const string SubjectsSql = $"SELECT document_id AS DocumentId, subject_id AS SubjectId FROM vault_document_subject WHERE document_id IN {SqlDialect.CodeSetMarker}";

    public async ValueTask<IReadOnlyList<DocumentSubjects>> Handle(GetDocumentSubjects request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var grants = (await c.QueryAsync<(string GrantId, string DocumentId)>(Command(GrantsSql, request.GrantIds, cancellationToken))).ToList();
        var ids = request.DocumentIds.Concat(grants.Select(g => g.DocumentId)).Distinct(StringComparer.Ordinal).ToList();
        var documents = (await c.QueryAsync<(string DocumentId, string Kind, string Categories)>(Command(DocumentsSql, ids, cancellationToken))).ToDictionary(d => d.DocumentId, StringComparer.Ordinal);
        var subjects = (await c.QueryAsync<(string DocumentId, long SubjectId)>(Command(SubjectsSql, ids, cancellationToken)))
            .GroupBy(s => s.DocumentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(s => s.SubjectId).ToList(), StringComparer.Ordinal);
        DocumentSubjects? Of(string? grantId, string documentId) => documents.TryGetValue(documentId, out var d)
            ? new DocumentSubjects(grantId, documentId, d.Kind, d.Categories.Split(',', StringSplitOptions.RemoveEmptyEntries), subjects.GetValueOrDefault(documentId) ?? [])
            : null;
        return grants.Select(g => Of(g.GrantId, g.DocumentId))
            .Concat(request.DocumentIds.Distinct(StringComparer.Ordinal).Select(d => Of(null, d)))
            .OfType<DocumentSubjects>().ToList();
    }

    private CommandDefinition Command(string sql, IEnumerable<string> codes, CancellationToken ct) =>
        new(SqlDialect.WithCodeSet(sql, db.Provider), new { codes = SqlDialect.CodeSetValue(db.Provider, codes) }, cancellationToken: ct);
}
