using System.Data;
using Dapper;
using DbUp.Engine;

namespace Payroll.Modules.Accounts.Schema;

/// <summary>
/// Migration 0001, in code: a database from the versions where accounts lived in the host keeps its accounts. Its
/// <c>security_*</c> tables are renamed to this module's <c>accounts_*</c> (rows, ids and references kept), their
/// indexes dropped (0002 creates them under the new names) and the old journal removed. A new database has none of
/// them, and nothing happens.
/// </summary>
internal sealed class AdoptSecurityTables : IScript
{
    public const string Name = "0001_adopt_security_tables";

    // The legacy names are written out here, in this one migration, and nowhere else.
    private static readonly string[] Tables = ["user", "user_role", "session", "account_event", "field_key"];
    private static readonly string[] Indexes = ["security_user_username", "security_session_user", "security_account_event_user"];

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var transaction = probe.Transaction;
        var sqlite = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);
        var exists = connection.ExecuteScalar<long>(
            sqlite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'security_user'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'security_user'",
            transaction: transaction) > 0;
        if (!exists)
        {
            return "-- a new database: nothing to adopt";
        }

        foreach (var index in Indexes)
        {
            connection.Execute($"DROP INDEX IF EXISTS {index}", transaction: transaction);
        }

        foreach (var table in Tables)
        {
            connection.Execute($"ALTER TABLE security_{table} RENAME TO accounts_{table}", transaction: transaction);
        }

        connection.Execute("DROP TABLE IF EXISTS security_schema_versions", transaction: transaction);
        return $"-- {Tables.Length} tables adopted from security_* to accounts_*";
    }
}
