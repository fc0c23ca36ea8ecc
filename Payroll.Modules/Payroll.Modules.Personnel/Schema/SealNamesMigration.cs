using System.Data;
using System.Globalization;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Schema;

/// <summary>
/// Migration 0004: encrypts the names, romanised names and birth dates written in clear by earlier versions and
/// fills the search terms, in the migration's transaction (all rows or none). Rows written by this version are
/// already sealed and are skipped.
/// </summary>
internal sealed class SealNamesMigration(FieldCipher cipher, NameTerms terms) : IScript
{
    public const string Name = "0004_seal_names";

    private const string ClearSql = """
        SELECT id AS Id, employee_id AS EmployeeId, name AS Name, romanised_name AS RomanisedName, birth_date AS BirthDate
        FROM personnel_employee_version
        WHERE name_sealed IS NULL
        ORDER BY id
        """;

    private const string SealSql = """
        UPDATE personnel_employee_version
        SET name_sealed = @Name, romanised_name_sealed = @RomanisedName, birth_date_sealed = @BirthDate, name_terms = @Terms
        WHERE id = @Id
        """;

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var transaction = probe.Transaction;
        var rows = connection.Query<ClearRow>(ClearSql, transaction: transaction).AsList();
        foreach (var row in rows)
        {
            var rowId = row.EmployeeId.ToString(CultureInfo.InvariantCulture);
            connection.Execute(SealSql, new
            {
                row.Id,
                Name = cipher.EncryptString(row.Name, EmployeeVersions.Table, "name", rowId),
                RomanisedName = string.IsNullOrWhiteSpace(row.RomanisedName) ? null : cipher.EncryptString(row.RomanisedName, EmployeeVersions.Table, "romanised_name", rowId),
                BirthDate = cipher.EncryptString(row.BirthDate, EmployeeVersions.Table, "birth_date", rowId),
                Terms = terms.Column(row.Name),
            }, transaction);
        }

        return $"-- {rows.Count} versions sealed";
    }

    private sealed record ClearRow(long Id, long EmployeeId, string Name, string? RomanisedName, string BirthDate);
}
