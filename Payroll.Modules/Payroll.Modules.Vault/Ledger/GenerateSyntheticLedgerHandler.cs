using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Network;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Vault.Ledger;

internal sealed class GenerateSyntheticLedgerHandler(IDbConnectionFactory db) : IRequestHandler<GenerateSyntheticLedger, SyntheticLedger>
{
    private const int Chunk = 100_000;

    private const string CountSql = "SELECT COUNT(*) FROM vault_access";

    private const string AnalyzeSql = "ANALYZE vault_access; ANALYZE vault_access_subject; ANALYZE vault_document_subject;";

    private const string SetHeadSql = "UPDATE vault_chain_head SET seq = @seq, head_hash = @hash WHERE chain = 'access'";

    private static readonly string[] DocumentColumns =
        ["id", "kind", "owner_module", "content_type", "file_name", "sha256", "size", "subject_count", "data_categories", "subjects_digest", "created_by", "created_at", "expires_at"];

    private const string Categories = "bank-account,name,salary";

    private static readonly string[] AccessColumns =
        ["seq", "hash_version", "at", "actor", "user_id", "roles", "client_ip", "client_ip_bin", "user_agent", "action", "document_id", "document_digest", "document_kind", "resource",
         "subject_ids", "data_categories", "outcome", "reason", "prev_hash", "row_hash"];

    public async ValueTask<SyntheticLedger> Handle(GenerateSyntheticLedger request, CancellationToken cancellationToken)
    {
        await using (var check = await db.OpenAsync(cancellationToken))
        {
            if (await check.ExecuteScalarAsync<long>(CountSql) > 0)
            {
                throw new ConflictException("The ledger is not empty: synthetic traffic is generated into a new database only.");
            }
        }

        var random = new Random(request.Seed);
        var start = request.Start.ToUnixTimeMilliseconds();
        var span = (long)TimeSpan.FromDays(request.Days).TotalMilliseconds;
        var documents = Enumerable.Range(0, request.Documents).Select(_ => Convert.ToHexStringLower(RandomBytes(random, 16))).ToArray();

        Dictionary<string, string> digests;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var subjects = documents.ToDictionary(id => id, id => Enumerable.Range(0, request.SubjectsPerDocument)
                .Select(_ => (long)random.Next(1, request.People + 1)).Distinct().Order().ToList(), StringComparer.Ordinal);
            digests = subjects.ToDictionary(kv => kv.Key, kv => DocumentDigest.Of(kv.Key, "payroll-register", Categories, kv.Value), StringComparer.Ordinal);
            await BulkInsert.RunAsync(c, tx, "vault_document", DocumentColumns, documents.Select(id => new object?[]
            {
                id, "payroll-register", "Salary", "text/csv", "register.csv", new string('0', 64), 1L, subjects[id].Count,
                Categories, digests[id], "job:synthetic", start, start + span * 10,
            }), cancellationToken);
            await BulkInsert.RunAsync(c, tx, "vault_document_subject", ["document_id", "subject_id"],
                subjects.SelectMany(kv => kv.Value.Select(s => new object?[] { kv.Key, s })).ToList(), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        var previous = AuditChain.Genesis;
        long outside = 0;
        for (long first = 1; first <= request.Accesses; first += Chunk)
        {
            var last = Math.Min(request.Accesses, first + Chunk - 1);
            var rows = new List<object?[]>((int)(last - first + 1));
            var accessSubjects = new List<object?[]>();
            for (var seq = first; seq <= last; seq++)
            {
                var isOutside = random.NextDouble() < request.OutsideShare;
                outside += isOutside ? 1 : 0;
                var ip = isOutside
                    ? string.Create(CultureInfo.InvariantCulture, $"203.0.113.{random.Next(1, 255)}")
                    : string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}");
                var user = random.Next(1, 501);
                var isDocument = random.NextDouble() < 0.2;
                var person = random.Next(1, request.People + 1);
                var document = isDocument ? documents[random.Next(documents.Length)] : null;
                var row = new AccessRow
                {
                    Seq = seq,
                    At = start + (seq - 1) * span / request.Accesses,
                    Actor = string.Create(CultureInfo.InvariantCulture, $"user{user}"),
                    UserId = user,
                    Roles = Contracts.Authorization.Roles.HrClerk,
                    ClientIp = ip,
                    ClientIpBin = IpRange.ToBytes(ip),
                    UserAgent = "synthetic",
                    Action = isDocument ? nameof(AccessAction.Download) : nameof(AccessAction.View),
                    DocumentId = document,
                    DocumentDigest = document is null ? null : digests[document],
                    DocumentKind = isDocument ? "payroll-register" : null,
                    Resource = isDocument ? null : string.Create(CultureInfo.InvariantCulture, $"/personnel/{person}"),
                    SubjectIds = isDocument ? "" : person.ToString(CultureInfo.InvariantCulture),
                    DataCategories = isDocument ? Categories : "name,national-id",
                    Outcome = nameof(AccessOutcome.Allowed),
                    PrevHash = previous,
                };
                row = row with { RowHash = AuditChain.AccessHash(row) };
                previous = row.RowHash;
                rows.Add(
                [
                    row.Seq, row.HashVersion, row.At, row.Actor, row.UserId, row.Roles, row.ClientIp, row.ClientIpBin, row.UserAgent, row.Action, row.DocumentId,
                    row.DocumentDigest, row.DocumentKind, row.Resource, row.SubjectIds, row.DataCategories, row.Outcome, row.Reason, row.PrevHash, row.RowHash,
                ]);
                if (!isDocument)
                {
                    accessSubjects.Add([seq, (long)person]);
                }
            }

            await using var c = await db.OpenAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            await BulkInsert.RunAsync(c, tx, "vault_access", AccessColumns, rows, cancellationToken);
            await BulkInsert.RunAsync(c, tx, "vault_access_subject", ["access_seq", "subject_id"], accessSubjects, cancellationToken);
            await c.ExecuteAsync(new CommandDefinition(SetHeadSql, new { seq = last, hash = previous }, tx, cancellationToken: cancellationToken));
            await tx.CommitAsync(cancellationToken);
        }

        // A bulk load leaves the planner without statistics until the next autovacuum; gather them now.
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await c.ExecuteAsync(new CommandDefinition(AnalyzeSql, commandTimeout: 600, cancellationToken: cancellationToken));
        }

        return new SyntheticLedger(request.Accesses, documents.Length, outside, request.Start, request.Start.AddDays(request.Days));
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
