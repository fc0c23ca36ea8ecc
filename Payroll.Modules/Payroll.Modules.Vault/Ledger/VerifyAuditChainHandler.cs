using System.Globalization;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// Walks each chain in order: sequence numbers without gaps, each row's prev_hash equal to the row before's hash,
/// each hash recomputed, the head matching the last row, and every checkpoint in the file matching its row. The file
/// itself is checked against the database's record of what was written to it: missing, or short of a checkpoint, is a
/// broken chain, named.
/// </summary>
internal sealed class VerifyAuditChainHandler(IDbConnectionFactory db, IOptions<VaultOptions> options) : IRequestHandler<VerifyAuditChain, IReadOnlyList<ChainStatus>>
{
    private const string AccessRowsSql = $"""
        SELECT a.seq AS {nameof(AccessRow.Seq)}, a.hash_version AS {nameof(AccessRow.HashVersion)}, a.at AS {nameof(AccessRow.At)},
               a.actor AS {nameof(AccessRow.Actor)}, a.user_id AS {nameof(AccessRow.UserId)}, a.roles AS {nameof(AccessRow.Roles)},
               a.client_ip AS {nameof(AccessRow.ClientIp)}, a.client_ip_bin AS {nameof(AccessRow.ClientIpBin)}, a.user_agent AS {nameof(AccessRow.UserAgent)},
               a.action AS {nameof(AccessRow.Action)}, a.document_id AS {nameof(AccessRow.DocumentId)}, a.document_digest AS {nameof(AccessRow.DocumentDigest)},
               a.document_kind AS {nameof(AccessRow.DocumentKind)}, a.resource AS {nameof(AccessRow.Resource)}, a.subject_ids AS {nameof(AccessRow.SubjectIds)},
               a.data_categories AS {nameof(AccessRow.DataCategories)}, a.outcome AS {nameof(AccessRow.Outcome)}, a.reason AS {nameof(AccessRow.Reason)},
               a.prev_hash AS {nameof(AccessRow.PrevHash)}, a.row_hash AS {nameof(AccessRow.RowHash)},
               d.subjects_digest AS {nameof(AccessRow.CurrentDocumentDigest)}
        FROM vault_access a LEFT JOIN vault_document d ON d.id = a.document_id
        ORDER BY a.seq
        """;

    // The people of reads that are not of a document, in the walk's order: merged with the rows, never held whole.
    private const string AccessSubjectsSql = "SELECT access_seq AS Seq, subject_id AS Subject FROM vault_access_subject ORDER BY access_seq, subject_id";

    // Every document with its subjects in order, to recompute its digest.
    private const string DocumentSubjectsSql = $"""
        SELECT d.id AS {nameof(DocumentRow.Id)}, d.kind AS {nameof(DocumentRow.Kind)}, d.data_categories AS {nameof(DocumentRow.Categories)},
               d.subjects_digest AS {nameof(DocumentRow.Digest)}, s.subject_id AS {nameof(DocumentRow.Subject)}
        FROM vault_document d LEFT JOIN vault_document_subject s ON s.document_id = d.id
        ORDER BY d.id, s.subject_id
        """;

    private const string OrphanSubjectSql = """
        SELECT s.document_id FROM vault_document_subject s WHERE NOT EXISTS (SELECT 1 FROM vault_document d WHERE d.id = s.document_id)
        """;

    private const string ChangeRowsSql = $"""
        SELECT seq AS {nameof(ChangeRow.Seq)}, at AS {nameof(ChangeRow.At)}, actor AS {nameof(ChangeRow.Actor)}, module AS {nameof(ChangeRow.Module)},
               entity AS {nameof(ChangeRow.Entity)}, entity_id AS {nameof(ChangeRow.EntityId)}, field AS {nameof(ChangeRow.Field)},
               before_hash AS {nameof(ChangeRow.BeforeHash)}, after_hash AS {nameof(ChangeRow.AfterHash)}, prev_hash AS {nameof(ChangeRow.PrevHash)}, row_hash AS {nameof(ChangeRow.RowHash)}
        FROM vault_change ORDER BY seq
        """;

    private const string HeadSql = $"""
        SELECT seq AS {nameof(Head.Seq)}, head_hash AS {nameof(Head.HeadHash)} FROM vault_chain_head WHERE chain = @chain
        """;

    private const string WrittenSql = "SELECT chain AS Chain, seq AS Seq, head_hash AS Hash, at AS At FROM vault_checkpoint ORDER BY at";

    public async ValueTask<IReadOnlyList<ChainStatus>> Handle(VerifyAuditChain request, CancellationToken cancellationToken)
    {
        var path = options.Value.CheckpointFile;
        var checkpoints = AuditCheckpoints.Read(path);
        await using var c = await db.OpenAsync(cancellationToken);
        var written = (await c.QueryAsync<(string Chain, long Seq, string Hash, long At)>(new CommandDefinition(WrittenSql, cancellationToken: cancellationToken))).ToList();
        ChainStatus access;
        await using (var subjectConnection = await db.OpenAsync(cancellationToken))
        await using (var subjects = new SubjectCursor(subjectConnection.QueryUnbufferedAsync<(long Seq, long Subject)>(AccessSubjectsSql).GetAsyncEnumerator(cancellationToken)))
        {
            access = await WalkAsync(
                c, AuditChain.Access, AccessRowsSql, (AccessRow r) => (r.Seq, r.PrevHash, r.RowHash, AuditChain.AccessHash(r)), (r, ct) => CheckAccessAsync(r, subjects), checkpoints, cancellationToken);
            if (access.Intact && await subjects.RestAsync() is { } extra)
            {
                access = access with { Intact = false, FirstBrokenSeq = extra.Seq, Problem = string.Create(CultureInfo.InvariantCulture, $"a subject row names row {extra.Seq}, which is not in the ledger (person {extra.Subject} added)") };
            }
        }

        if (access.Intact && await CheckDocumentsAsync(c, cancellationToken) is { } documentProblem)
        {
            access = access with { Intact = false, Problem = documentProblem };
        }

        var change = await WalkAsync(c, AuditChain.Change, ChangeRowsSql, (ChangeRow r) => (r.Seq, r.PrevHash, r.RowHash, AuditChain.ChangeHash(r)), null, checkpoints, cancellationToken);
        return [FileCheck(access, path, checkpoints, written), FileCheck(change, path, checkpoints, written)];
    }

    /// <summary>
    /// What the exposure query reads beside the row: its people (for a read that is not of a document) must be
    /// exactly the subject list the row's hash covers, and a document's digest must still be the one the row recorded.
    /// </summary>
    private static async ValueTask<string?> CheckAccessAsync(AccessRow row, SubjectCursor subjects)
    {
        var stored = await subjects.TakeAsync(row.Seq);
        if (stored.Added is { } added)
        {
            return string.Create(CultureInfo.InvariantCulture, $"a subject row names row {added.Seq}, which is not in the ledger (person {added.Subject} added)");
        }

        var expected = row.DocumentId is null
            ? row.SubjectIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet()
            : [];
        var found = stored.Subjects.ToHashSet();
        if (found.Where(s => !expected.Contains(s)).Select(s => (long?)s).FirstOrDefault() is { } more)
        {
            return string.Create(CultureInfo.InvariantCulture, $"row {row.Seq}: person {more} was added to its subjects (a subject row added)");
        }

        if (expected.Where(s => !found.Contains(s)).Select(s => (long?)s).FirstOrDefault() is { } missing)
        {
            return string.Create(CultureInfo.InvariantCulture, $"row {row.Seq}: person {missing} was removed from its subjects (a subject row deleted)");
        }

        if (row.HashVersion >= 2 && row.DocumentId is not null && row.DocumentDigest != row.CurrentDocumentDigest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"row {row.Seq}: document {row.DocumentId} no longer has the subjects, kind or categories this read recorded");
        }

        return null;
    }

    /// <summary>Each document's subject rows, kind and categories against its digest; and no subject row without its document.</summary>
    private static async Task<string?> CheckDocumentsAsync(System.Data.Common.DbConnection c, CancellationToken ct)
    {
        string? current = null;
        string? stored = null;
        DocumentDigest? digest = null;
        try
        {
            await foreach (var row in c.QueryUnbufferedAsync<DocumentRow>(DocumentSubjectsSql).WithCancellation(ct))
            {
                if (row.Id != current)
                {
                    if (Finish(current, stored, digest) is { } problem)
                    {
                        return problem;
                    }

                    digest?.Dispose();
                    current = row.Id;
                    stored = row.Digest;
                    digest = new DocumentDigest(row.Id, row.Kind, row.Categories);
                }

                if (row.Subject is { } subject)
                {
                    digest!.Add(subject);
                }
            }

            if (Finish(current, stored, digest) is { } last)
            {
                return last;
            }
        }
        finally
        {
            digest?.Dispose();
        }

        var orphan = await c.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(OrphanSubjectSql, cancellationToken: ct));
        return orphan is null ? null : $"a subject row names document {orphan}, which does not exist (a subject row added)";

        // Documents stored before digests existed (version 1) have none: nothing to compare.
        static string? Finish(string? id, string? stored, DocumentDigest? digest) =>
            id is null || stored is null || digest!.Finish() == stored ? null
            : $"document {id}: its subject rows, kind or categories differ from its digest (a subject row deleted or added)";
    }

    /// <summary>A chain whose checkpoints the database says were written, but the file does not have, is not vouched for.</summary>
    private static ChainStatus FileCheck(ChainStatus status, string path, IReadOnlyList<AuditCheckpoints.Checkpoint> inFile, List<(string Chain, long Seq, string Hash, long At)> written)
    {
        var mine = written.Where(w => w.Chain == status.Chain).ToList();
        if (!status.Intact || mine.Count == 0)
        {
            return status;
        }

        if (!File.Exists(path))
        {
            var last = DateTimeOffset.FromUnixTimeMilliseconds(mine[^1].At);
            return status with
            {
                Intact = false,
                Problem = string.Create(CultureInfo.InvariantCulture, $"the checkpoint file {path} is missing: {mine.Count} checkpoints of this chain were written to it, the last at {last:u}"),
            };
        }

        var lost = mine.FirstOrDefault(w => !inFile.Any(f => f.Chain == w.Chain && f.Seq == w.Seq && f.Hash == w.Hash));
        return lost.Chain is null ? status : status with
        {
            Intact = false,
            FirstBrokenSeq = lost.Seq,
            Problem = string.Create(CultureInfo.InvariantCulture, $"the checkpoint file {path} has lost the checkpoint of row {lost.Seq} written at {DateTimeOffset.FromUnixTimeMilliseconds(lost.At):u} (lines cut or changed)"),
        };
    }

    private static async Task<ChainStatus> WalkAsync<TRow>(
        System.Data.Common.DbConnection c, string chain, string sql, Func<TRow, (long Seq, string Prev, string Stored, string Computed)> project,
        Func<TRow, CancellationToken, ValueTask<string?>>? check, IReadOnlyList<AuditCheckpoints.Checkpoint> checkpoints, CancellationToken ct)
    {
        var expectedSeq = 1L;
        var previous = AuditChain.Genesis;
        var wanted = checkpoints.Where(p => p.Chain == chain).ToList();
        var seen = new Dictionary<long, string>();
        ChainStatus Broken(long seq, string problem) => new(chain, expectedSeq - 1, previous, false, seq, problem);

        // Unbuffered: a year of ledger is read row by row, never held in memory.
        await foreach (var row in c.QueryUnbufferedAsync<TRow>(sql).WithCancellation(ct))
        {
            var (seq, prev, stored, computed) = project(row);
            if (seq != expectedSeq)
            {
                return Broken(Math.Min(seq, expectedSeq), seq > expectedSeq ? $"row {expectedSeq} is missing" : $"row {seq} is out of order");
            }

            if (prev != previous)
            {
                return Broken(seq, $"row {seq} does not follow row {seq - 1} (prev_hash differs)");
            }

            if (computed != stored)
            {
                return Broken(seq, $"row {seq} was changed (its hash does not match its content)");
            }

            if (check is not null && await check(row, ct) is { } problem)
            {
                return Broken(seq, problem);
            }

            if (wanted.Any(w => w.Seq == seq))
            {
                seen[seq] = stored;
            }

            previous = stored;
            expectedSeq++;
        }

        var rows = expectedSeq - 1;
        var head = await c.QuerySingleAsync<Head>(new CommandDefinition(HeadSql, new { chain }, cancellationToken: ct));
        if (head.Seq != rows || (rows > 0 && head.HeadHash != previous))
        {
            return new ChainStatus(chain, rows, previous, false, rows + 1, head.Seq > rows ? $"row {rows + 1} is missing (the head says {head.Seq} rows)" : "the head does not match the last row");
        }

        foreach (var checkpoint in wanted)
        {
            if (!seen.TryGetValue(checkpoint.Seq, out var hash) || hash != checkpoint.Hash)
            {
                return new ChainStatus(chain, rows, previous, false, checkpoint.Seq,
                    string.Create(CultureInfo.InvariantCulture, $"row {checkpoint.Seq} differs from the checkpoint of {checkpoint.At:u} (the chain was rewritten)"));
            }
        }

        return new ChainStatus(chain, rows, previous, true, null, null);
    }

    private sealed record DocumentRow
    {
        public string Id { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Categories { get; init; } = "";

        public string? Digest { get; init; }

        public long? Subject { get; init; }
    }

    /// <summary>
    /// Walks <c>vault_access_subject</c> in step with the ledger: <see cref="TakeAsync"/> returns the people stored for
    /// one row, and any row met on the way that names an earlier, skipped sequence number.
    /// </summary>
    private sealed class SubjectCursor(IAsyncEnumerator<(long Seq, long Subject)> rows) : IAsyncDisposable
    {
        private bool _started;
        private bool _more;

        public async ValueTask<(List<long> Subjects, (long Seq, long Subject)? Added)> TakeAsync(long seq)
        {
            if (!_started)
            {
                _started = true;
                _more = await rows.MoveNextAsync();
            }

            if (_more && rows.Current.Seq < seq)
            {
                return ([], rows.Current);
            }

            var subjects = new List<long>();
            while (_more && rows.Current.Seq == seq)
            {
                subjects.Add(rows.Current.Subject);
                _more = await rows.MoveNextAsync();
            }

            return (subjects, null);
        }

        /// <summary>A subject row left after the last ledger row.</summary>
        public async ValueTask<(long Seq, long Subject)?> RestAsync()
        {
            if (!_started)
            {
                _started = true;
                _more = await rows.MoveNextAsync();
            }

            return _more ? rows.Current : null;
        }

        public ValueTask DisposeAsync() => rows.DisposeAsync();
    }

    private sealed record Head
    {
        public long Seq { get; init; }

        public string HeadHash { get; init; } = "";
    }
}
