using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Documents;

internal sealed class GetDocumentInfoHandler(IDbConnectionFactory db) : IRequestHandler<GetDocumentInfo, DocumentInfo?>
{
    internal const string SelectSql = $"""
        SELECT id AS {nameof(DocumentRow.Id)}, kind AS {nameof(DocumentRow.Kind)}, owner_module AS {nameof(DocumentRow.OwnerModule)},
               file_name AS {nameof(DocumentRow.FileName)}, content_type AS {nameof(DocumentRow.ContentType)}, sha256 AS {nameof(DocumentRow.Sha256)},
               size AS {nameof(DocumentRow.Size)}, subject_count AS {nameof(DocumentRow.SubjectCount)}, data_categories AS {nameof(DocumentRow.DataCategories)},
               created_by AS {nameof(DocumentRow.CreatedBy)}, created_at AS {nameof(DocumentRow.CreatedAt)}, expires_at AS {nameof(DocumentRow.ExpiresAt)},
               purged_at AS {nameof(DocumentRow.PurgedAt)}
        FROM vault_document WHERE id = @id
        """;

    public async ValueTask<DocumentInfo?> Handle(GetDocumentInfo request, CancellationToken cancellationToken)
    {
        if (!DocumentIds.IsWellFormed(request.DocumentId))
        {
            return null;
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(SelectSql, new { id = request.DocumentId }, cancellationToken: cancellationToken));
        return row?.ToInfo();
    }
}

internal sealed record DocumentRow
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public string OwnerModule { get; init; } = "";

    public string FileName { get; init; } = "";

    public string ContentType { get; init; } = "";

    public string Sha256 { get; init; } = "";

    public long Size { get; init; }

    public int SubjectCount { get; init; }

    public string DataCategories { get; init; } = "";

    public string CreatedBy { get; init; } = "";

    public long CreatedAt { get; init; }

    public long ExpiresAt { get; init; }

    public long? PurgedAt { get; init; }

    public DocumentInfo ToInfo() => new(
        Id, Kind, OwnerModule, FileName, ContentType, Sha256, Size, SubjectCount,
        DataCategories.Split(',', StringSplitOptions.RemoveEmptyEntries), CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
        PurgedAt is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null);
}
