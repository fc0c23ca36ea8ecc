using System.Data.Common;
using System.Globalization;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Network;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>Appends to the two chains, one writer at a time (the chain head row is taken first).</summary>
internal sealed class LedgerWriter(IDbConnectionFactory db, IClock clock)
{
    /// <summary>The longest resource an access row keeps; longer ones are cut.</summary>
    public const int ResourceLength = 256;

    private const string TakeHeadSql = $"""
        UPDATE vault_chain_head SET seq = seq + 1 WHERE chain = @chain
        RETURNING seq AS {nameof(Head.Seq)}, head_hash AS {nameof(Head.HeadHash)}
        """;

    private const string SetHeadSql = "UPDATE vault_chain_head SET head_hash = @hash WHERE chain = @chain";

    private const string InsertAccessSql = """
        INSERT INTO vault_access (seq, hash_version, at, actor, user_id, roles, client_ip, client_ip_bin, user_agent, action, document_id,
                                  document_digest, document_kind, resource, subject_ids, data_categories, outcome, reason, prev_hash, row_hash)
        VALUES (@Seq, @HashVersion, @At, @Actor, @UserId, @Roles, @ClientIp, @ClientIpBin, @UserAgent, @Action, @DocumentId,
                @DocumentDigest, @DocumentKind, @Resource, @SubjectIds, @DataCategories, @Outcome, @Reason, @PrevHash, @RowHash)
        """;

    private const string DocumentDigestSql = "SELECT subjects_digest FROM vault_document WHERE id = @id";

    private const int BulkThreshold = 50;

    private const string InsertAccessSubjectSql = "INSERT INTO vault_access_subject (access_seq, subject_id) VALUES (@seq, @subjectId)";

    private const string InsertChangeSql = """
        INSERT INTO vault_change (seq, at, actor, module, entity, entity_id, field, before_hash, after_hash, prev_hash, row_hash)
        VALUES (@Seq, @At, @Actor, @Module, @Entity, @EntityId, @Field, @BeforeHash, @AfterHash, @PrevHash, @RowHash)
        """;

    /// <summary>
    /// Records one access. For a document the subjects are the document's (already listed once); otherwise the
    /// given subjects are stored with the entry.
    /// </summary>
    public async Task<long> AppendAccessAsync(
        Actor actor, AccessAction action, string? documentId, string? documentKind, string? resource, IReadOnlyList<long> subjectIds,
        IReadOnlyList<string> categories, AccessOutcome outcome, string? reason, CancellationToken ct)
    {
        var subjects = documentId is null ? subjectIds.Distinct().Order().ToList() : [];
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var head = await TakeHeadAsync(c, tx, AuditChain.Access, ct);
        var digest = documentId is null ? null
            : await c.ExecuteScalarAsync<string?>(new CommandDefinition(DocumentDigestSql, new { id = documentId }, tx, cancellationToken: ct));
        var row = new AccessRow
        {
            Seq = head.Seq,
            At = clock.UtcNow.ToUnixTimeMilliseconds(),
            Actor = actor.Name,
            UserId = actor.UserId,
            Roles = actor.Roles.Count == 0 ? null : string.Join(',', actor.Roles.Order(StringComparer.Ordinal)),
            ClientIp = actor.ClientIp,
            ClientIpBin = IpRange.ToBytes(actor.ClientIp),
            UserAgent = Truncate(actor.UserAgent, 256),
            Action = action.ToString(),
            DocumentId = documentId,
            DocumentKind = documentKind,
            DocumentDigest = digest,
            Resource = Truncate(resource, ResourceLength),
            SubjectIds = string.Join(',', subjects.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            DataCategories = string.Join(',', categories.Distinct().Order(StringComparer.Ordinal)),
            Outcome = outcome.ToString(),
            Reason = Truncate(reason, 256),
            PrevHash = head.HeadHash,
        };
        row = row with { RowHash = AuditChain.AccessHash(row) };
        await c.ExecuteAsync(new CommandDefinition(InsertAccessSql, row, tx, cancellationToken: ct));
        if (subjects.Count > BulkThreshold)
        {
            // An exposure query can name thousands of people: one COPY instead of thousands of INSERTs.
            await BulkInsert.RunAsync(c, tx, "vault_access_subject", ["access_seq", "subject_id"], subjects.Select(s => new object?[] { row.Seq, s }), ct);
        }
        else if (subjects.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition(InsertAccessSubjectSql, subjects.Select(s => new { seq = row.Seq, subjectId = s }), tx, cancellationToken: ct));
        }

        await c.ExecuteAsync(new CommandDefinition(SetHeadSql, new { hash = row.RowHash, chain = AuditChain.Access }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row.Seq;
    }

    public async Task<long> AppendChangeAsync(RecordChange change, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var head = await TakeHeadAsync(c, tx, AuditChain.Change, ct);
        var row = new ChangeRow
        {
            Seq = head.Seq,
            At = clock.UtcNow.ToUnixTimeMilliseconds(),
            Actor = change.Actor.Name,
            Module = change.Module,
            Entity = change.Entity,
            EntityId = change.EntityId,
            Field = change.Field,
            BeforeHash = change.BeforeHash,
            AfterHash = change.AfterHash,
            PrevHash = head.HeadHash,
        };
        row = row with { RowHash = AuditChain.ChangeHash(row) };
        await c.ExecuteAsync(new CommandDefinition(InsertChangeSql, row, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(SetHeadSql, new { hash = row.RowHash, chain = AuditChain.Change }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row.Seq;
    }

    private static Task<Head> TakeHeadAsync(DbConnection c, DbTransaction tx, string chain, CancellationToken ct) =>
        c.QuerySingleAsync<Head>(new CommandDefinition(TakeHeadSql, new { chain }, tx, cancellationToken: ct));

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private sealed record Head
    {
        public long Seq { get; init; }

        public string HeadHash { get; init; } = "";
    }
}
