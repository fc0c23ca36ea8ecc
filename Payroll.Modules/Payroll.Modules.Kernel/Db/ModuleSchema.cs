using System.Reflection;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// A module's migrations: numbered SQL files embedded under its <c>Schema/</c> folder, every table
/// prefixed with <see cref="TablePrefix"/>. Registered by the module's <c>AddX</c>.
/// </summary>
public sealed record ModuleSchema(string Module, string TablePrefix, Assembly Assembly)
{
    /// <summary>DbUp journal table of this module (each module versions its own scripts).</summary>
    public string JournalTable => TablePrefix + "schema_versions";

    /// <summary>
    /// Scripts for <paramref name="provider"/> in order: every <c>*.sql</c>, except that <c>*.sqlite.sql</c> runs on
    /// SQLite only and <c>*.postgres.sql</c> on PostgreSQL only (for the rare statement the engines spell differently,
    /// such as triggers).
    /// </summary>
    public IEnumerable<string> ScriptNames(DatabaseProvider provider) => Assembly.GetManifestResourceNames()
        .Where(n => n.Contains(".Schema.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Where(n => provider switch
        {
            DatabaseProvider.Sqlite => !n.EndsWith(".postgres.sql", StringComparison.Ordinal),
            _ => !n.EndsWith(".sqlite.sql", StringComparison.Ordinal),
        })
        .Order(StringComparer.Ordinal);
}
