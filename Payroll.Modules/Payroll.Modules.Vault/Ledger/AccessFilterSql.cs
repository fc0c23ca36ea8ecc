using System.Data.Common;
using System.Globalization;
using Dapper;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Network;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// The ledger filter, shared by the search and the exposure query. Addresses are compared byte-wise (IPv4 mapped to
/// IPv6) against up to <see cref="MaxRanges"/> ranges passed as parameters: no per-row sub-query, so PostgreSQL can
/// scan a year of ledger in parallel. Actor and kind lists go into a per-connection temporary table.
/// </summary>
internal static class AccessFilterSql
{
    private const string CreateRangeTablesSql = """
        CREATE TEMP TABLE IF NOT EXISTS vault_tmp_value (list TEXT NOT NULL, value TEXT NOT NULL);
        DELETE FROM vault_tmp_value;
        """;

    private const string InsertValueSql = "INSERT INTO vault_tmp_value (list, value) VALUES (@list, @value)";

    /// <summary>Address ranges per list (asked for, trusted); unused slots hold an empty range.</summary>
    public const int MaxRanges = 16;

    private static readonly byte[] EmptyLo = Enumerable.Repeat((byte)0xFF, 16).ToArray();
    private static readonly byte[] EmptyHi = new byte[16];

    /// <summary>Conditions on <c>vault_access a</c>; every optional filter has an "any" switch.</summary>
    public static readonly string Where = """
        a.at >= @from AND a.at < @to
        AND (@anyOutcome OR a.outcome = @outcome)
        AND (@anyActor OR a.actor IN (SELECT v.value FROM vault_tmp_value v WHERE v.list = 'actor'))
        AND (@anyKind OR a.document_kind IN (SELECT v.value FROM vault_tmp_value v WHERE v.list = 'kind'))
        AND (@anyDocument OR a.document_id = @documentId)
        AND (@anySubject
             OR a.seq IN (SELECT s.access_seq FROM vault_access_subject s WHERE s.subject_id = @subjectId)
             OR a.document_id IN (SELECT ds.document_id FROM vault_document_subject ds WHERE ds.subject_id = @subjectId))
        AND (@anyRange OR INCLUDED)
        AND (@allAddresses OR (a.client_ip_bin IS NOT NULL AND NOT (TRUSTED)))
        """.Replace("INCLUDED", InRanges("i"), StringComparison.Ordinal).Replace("TRUSTED", InRanges("t"), StringComparison.Ordinal);

    private static string InRanges(string list) => string.Join(
        " OR ", Enumerable.Range(0, MaxRanges).Select(i => string.Create(CultureInfo.InvariantCulture, $"a.client_ip_bin BETWEEN @{list}{i}lo AND @{list}{i}hi")));

    public static async Task<DynamicParameters> PrepareAsync(DbConnection c, DbTransaction tx, AccessFilter filter, IEnumerable<string> trustedNetworks, CancellationToken ct)
    {
        var include = filter.IpRanges.Select(IpRange.Parse).ToList();
        var trusted = trustedNetworks.Select(IpRange.Parse).ToList();
        if (include.Count > MaxRanges || trusted.Count > MaxRanges)
        {
            throw new Kernel.Validation.InvalidInputException([new Kernel.Validation.InputError(null, "ranges", $"at most {MaxRanges} address ranges per filter and in Payroll:Vault:TrustedNetworks")]);
        }

        await c.ExecuteAsync(new CommandDefinition(CreateRangeTablesSql, transaction: tx, cancellationToken: ct));
        var values = filter.Actors.Select(v => new { list = "actor", value = v }).Concat(filter.DocumentKinds.Select(v => new { list = "kind", value = v }));
        await c.ExecuteAsync(new CommandDefinition(InsertValueSql, values, tx, cancellationToken: ct));

        var parameters = new DynamicParameters(new
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
        });
        for (var i = 0; i < MaxRanges; i++)
        {
            AddRange(parameters, "i", i, include);
            AddRange(parameters, "t", i, trusted);
        }

        return parameters;
    }

    private static void AddRange(DynamicParameters parameters, string list, int slot, IReadOnlyList<IpRange> ranges)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{list}{slot}");
        parameters.Add(name + "lo", slot < ranges.Count ? ranges[slot].Lo : EmptyLo);
        parameters.Add(name + "hi", slot < ranges.Count ? ranges[slot].Hi : EmptyHi);
    }
}
