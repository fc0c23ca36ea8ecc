using System.Data.Common;
using Dapper;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Vault.Network;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// The ledger filter, shared by the search and the exposure query. Address ranges go into two per-connection
/// temporary tables, so any number of ranges is compared in SQL (byte-wise, IPv4 mapped to IPv6) on both engines.
/// </summary>
internal static class AccessFilterSql
{
    private const string CreateRangeTablesSql = """
        CREATE TEMP TABLE IF NOT EXISTS vault_tmp_include (lo BYTEA NOT NULL, hi BYTEA NOT NULL);
        CREATE TEMP TABLE IF NOT EXISTS vault_tmp_trusted (lo BYTEA NOT NULL, hi BYTEA NOT NULL);
        CREATE TEMP TABLE IF NOT EXISTS vault_tmp_value (list TEXT NOT NULL, value TEXT NOT NULL);
        DELETE FROM vault_tmp_include;
        DELETE FROM vault_tmp_trusted;
        DELETE FROM vault_tmp_value;
        """;

    private const string InsertValueSql = "INSERT INTO vault_tmp_value (list, value) VALUES (@list, @value)";

    private const string InsertIncludeSql = "INSERT INTO vault_tmp_include (lo, hi) VALUES (@Lo, @Hi)";

    private const string InsertTrustedSql = "INSERT INTO vault_tmp_trusted (lo, hi) VALUES (@Lo, @Hi)";

    /// <summary>Conditions on <c>vault_access a</c>; every optional filter has an "any" switch.</summary>
    public const string Where = """
        a.at >= @from AND a.at < @to
        AND (@anyOutcome OR a.outcome = @outcome)
        AND (@anyActor OR a.actor IN (SELECT v.value FROM vault_tmp_value v WHERE v.list = 'actor'))
        AND (@anyKind OR a.document_kind IN (SELECT v.value FROM vault_tmp_value v WHERE v.list = 'kind'))
        AND (@anyDocument OR a.document_id = @documentId)
        AND (@anySubject
             OR a.seq IN (SELECT s.access_seq FROM vault_access_subject s WHERE s.subject_id = @subjectId)
             OR a.document_id IN (SELECT ds.document_id FROM vault_document_subject ds WHERE ds.subject_id = @subjectId))
        AND (@anyRange OR EXISTS (SELECT 1 FROM vault_tmp_include r WHERE a.client_ip_bin BETWEEN r.lo AND r.hi))
        AND (@allAddresses OR (a.client_ip_bin IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM vault_tmp_trusted t WHERE a.client_ip_bin BETWEEN t.lo AND t.hi)))
        """;

    public static async Task<object> PrepareAsync(DbConnection c, DbTransaction tx, AccessFilter filter, IEnumerable<string> trustedNetworks, CancellationToken ct)
    {
        var include = filter.IpRanges.Select(IpRange.Parse).ToList();
        var trusted = trustedNetworks.Select(IpRange.Parse).ToList();
        await c.ExecuteAsync(new CommandDefinition(CreateRangeTablesSql, transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertIncludeSql, include, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertTrustedSql, trusted, tx, cancellationToken: ct));
        var values = filter.Actors.Select(v => new { list = "actor", value = v }).Concat(filter.DocumentKinds.Select(v => new { list = "kind", value = v }));
        await c.ExecuteAsync(new CommandDefinition(InsertValueSql, values, tx, cancellationToken: ct));

        return new
        {
            from = filter.From.ToUnixTimeMilliseconds(),
            to = filter.To.ToUnixTimeMilliseconds(),
            anyOutcome = filter.Outcome is null,
            outcome = (filter.Outcome ?? AccessOutcome.Allowed).ToString(),
            anyActor = filter.Actors.Count == 0,
            anyKind = filter.DocumentKinds.Count == 0,
            anyDocument = string.IsNullOrEmpty(filter.DocumentId),
            documentId = filter.DocumentId ?? "",
            anySubject = filter.SubjectId is null,
            subjectId = filter.SubjectId ?? 0,
            anyRange = include.Count == 0,
            allAddresses = !filter.OutsideTrustedOnly,
        };
    }
}
