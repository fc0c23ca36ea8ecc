using System.Data;
using System.Globalization;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Schema;

/// <summary>
/// Migration 0010: replaces the name search terms of earlier versions (one fixed keyed hash per piece, the same in every
/// row, which a copy of the database could count) by salted ones (<see cref="NameTerms"/>), each row's name decrypted
/// for it, in the migration's transaction; the purge after it rewrites the table so the old terms leave the files.
/// </summary>
internal sealed class SaltNameTermsMigration(FieldCipher cipher, NameTerms terms) : IScript
{
    public const string Name = "0010_salt_name_terms";

    private const string OldSql = "SELECT id AS Id, employee_id AS EmployeeId, name AS Name FROM personnel_employee_version WHERE name_terms IS NULL OR name_terms NOT LIKE 'v2:%'";

    private const string SaltSql = "UPDATE personnel_employee_version SET name_terms = @Terms WHERE id = @Id";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var rows = connection.Query<(long Id, long EmployeeId, byte[] Name)>(OldSql, transaction: probe.Transaction).AsList();
        foreach (var row in rows)
        {
            var name = cipher.DecryptString(row.Name, EmployeeVersions.Table, "name", row.EmployeeId.ToString(CultureInfo.InvariantCulture));
            connection.Execute(SaltSql, new { row.Id, Terms = terms.Column(name) }, probe.Transaction);
        }

        return $"-- {rows.Count} versions' name terms salted";
    }
}
