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
        SELECT seq AS {nameof(AccessRow.Seq)}, at AS {nameof(AccessRow.At)}, actor AS {nameof(AccessRow.Actor)}, user_id AS {nameof(AccessRow.UserId)},
               roles AS {nameof(AccessRow.Roles)}, client_ip AS {nameof(AccessRow.ClientIp)}, user_agent AS {nameof(AccessRow.UserAgent)},
               action AS {nameof(AccessRow.Action)}, document_id AS {nameof(AccessRow.DocumentId)}, document_kind AS {nameof(AccessRow.DocumentKind)},
               resource AS {nameof(AccessRow.Resource)}, subject_ids AS {nameof(AccessRow.SubjectIds)}, data_categories AS {nameof(AccessRow.DataCategories)},
               outcome AS {nameof(AccessRow.Outcome)}, reason AS {nameof(AccessRow.Reason)}, prev_hash AS {nameof(AccessRow.PrevHash)}, row_hash AS {nameof(AccessRow.RowHash)}
        FROM vault_access ORDER BY seq
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
        var access = await WalkAsync(c, AuditChain.Access, AccessRowsSql, (AccessRow r) => (r.Seq, r.PrevHash, r.RowHash, AuditChain.AccessHash(r)), checkpoints, cancellationToken);
        var change = await WalkAsync(c, AuditChain.Change, ChangeRowsSql, (ChangeRow r) => (r.Seq, r.PrevHash, r.RowHash, AuditChain.ChangeHash(r)), checkpoints, cancellationToken);
        return [FileCheck(access, path, checkpoints, written), FileCheck(change, path, checkpoints, written)];
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
        IReadOnlyList<AuditCheckpoints.Checkpoint> checkpoints, CancellationToken ct)
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

    private sealed record Head
    {
        public long Seq { get; init; }

        public string HeadHash { get; init; } = "";
    }
}
