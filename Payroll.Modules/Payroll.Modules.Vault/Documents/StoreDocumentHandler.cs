using System.Security.Cryptography;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Vault.Ledger;

namespace Payroll.Modules.Vault.Documents;

internal sealed class StoreDocumentHandler(IDbConnectionFactory db, FieldCipher cipher, IClock clock, IOptions<VaultOptions> options)
    : IRequestHandler<StoreDocument, StoredDocument>
{
    private const string InsertDocumentSql = """
        INSERT INTO vault_document (id, kind, owner_module, content_type, file_name, sha256, size, subject_count, data_categories, subjects_digest,
                                    created_by, created_at, expires_at)
        VALUES (@id, @kind, @ownerModule, @contentType, @fileName, @sha256, @size, @subjectCount, @categories, @digest, @createdBy, @now, @expiresAt)
        """;

    private const string InsertContentSql = "INSERT INTO vault_document_content (document_id, content) VALUES (@id, @content)";

    // A register names a whole city: its subjects go in as one bulk insert (COPY on PostgreSQL).
    private static readonly string[] SubjectColumns = ["document_id", "subject_id"];

    public async ValueTask<StoredDocument> Handle(StoreDocument request, CancellationToken cancellationToken)
    {
        if (!options.Value.Kinds.TryGetValue(request.Kind, out var policy))
        {
            throw new ArgumentException($"Unknown document kind '{request.Kind}'; known kinds: {string.Join(", ", options.Value.Kinds.Keys)}.");
        }

        if (string.IsNullOrWhiteSpace(request.FileName) || request.FileName.IndexOfAny(['/', '\\', '\r', '\n', '"']) >= 0)
        {
            throw new ArgumentException("FileName must be a plain file name without path separators, quotes or line breaks.");
        }

        var id = DocumentIds.New();
        var now = clock.UtcNow;
        var expiresAt = now + (request.Retention ?? TimeSpan.FromDays(policy.RetentionDays));
        var subjects = request.SubjectIds.Distinct().Order().ToList();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        var categories = string.Join(',', request.DataCategories.Distinct().Order(StringComparer.Ordinal));
        var digest = DocumentDigest.Of(id, request.Kind, categories, subjects);
        var encrypted = cipher.Encrypt(request.Content, DocumentIds.ContentTable, DocumentIds.ContentColumn, id);

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.ExecuteAsync(new CommandDefinition(InsertDocumentSql, new
        {
            id,
            kind = request.Kind,
            ownerModule = request.OwnerModule,
            contentType = request.ContentType,
            fileName = request.FileName,
            sha256,
            size = (long)request.Content.Length,
            subjectCount = subjects.Count,
            categories,
            digest,
            createdBy = request.Actor.Name,
            now = now.ToUnixTimeMilliseconds(),
            expiresAt = expiresAt.ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: cancellationToken));
        await c.ExecuteAsync(new CommandDefinition(InsertContentSql, new { id, content = encrypted }, tx, cancellationToken: cancellationToken));
        await BulkInsert.RunAsync(c, tx, "vault_document_subject", SubjectColumns, subjects.Select(s => new object?[] { id, s }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new StoredDocument(id, sha256, request.Content.Length, expiresAt);
    }
}
