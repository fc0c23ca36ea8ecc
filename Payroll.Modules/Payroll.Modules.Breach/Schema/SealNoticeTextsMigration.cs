using System.Data;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Breach.Notices;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Breach.Schema;

/// <summary>
/// Migration 0003: seals the mail servers' answers and the delivery notes that earlier versions kept in clear, in the
/// migration's transaction (every row or none); the purge after it rewrites the table so that the clear values are gone
/// from the files too.
/// </summary>
internal sealed class SealNoticeTextsMigration(FieldCipher cipher) : IScript
{
    public const string Name = "0003_seal_notice_texts";

    private const string ClearSql = """
        SELECT id AS Id, failure AS Failure, delivery AS Delivery FROM breach_notice
        WHERE (failure IS NOT NULL AND failure NOT LIKE 'sealed1:%') OR (delivery IS NOT NULL AND delivery NOT LIKE 'sealed1:%')
        ORDER BY id
        """;

    private const string SealSql = "UPDATE breach_notice SET failure = @Failure, delivery = @Delivery WHERE id = @Id";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var rows = connection.Query<Row>(ClearSql, transaction: probe.Transaction).AsList();
        foreach (var row in rows)
        {
            connection.Execute(SealSql, new
            {
                row.Id,
                Failure = Sealed(row.Failure, NoticeTexts.Failure, row.Id),
                Delivery = Sealed(row.Delivery, NoticeTexts.Delivery, row.Id),
            }, probe.Transaction);
        }

        return $"-- {rows.Count} notices' texts sealed";
    }

    private string? Sealed(string? value, string column, long id) =>
        value is null || value.StartsWith(SealedText.Prefix, StringComparison.Ordinal) ? value : NoticeTexts.Seal(cipher, value, column, id);

    private sealed record Row(long Id, string? Failure, string? Delivery);
}
