using System.Reflection;
using DbUp.Engine;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// A module's migrations: numbered SQL files embedded under its <c>Schema/</c> folder, every table
/// prefixed with <see cref="TablePrefix"/>, and the rare numbered step that needs code (data that only the
/// application can transform, such as encrypting a column with the field keys). Registered by the module's <c>AddX</c>.
/// </summary>
public sealed record ModuleSchema(string Module, string TablePrefix, Assembly Assembly)
{
    /// <summary>DbUp journal table of this module (each module versions its own scripts).</summary>
    public string JournalTable => TablePrefix + "schema_versions";

    /// <summary>
    /// Tables the application only appends to (the ledger's): on PostgreSQL with a migration role, the application's
    /// role gets SELECT and INSERT on them and nothing else (see <see cref="ApplicationRole"/>).
    /// </summary>
    public IReadOnlyList<string> InsertOnlyTables { get; init; } = [];

    /// <summary>Steps written in code, ordered with the SQL files by their number (see <see cref="CodeMigration"/>).</summary>
    public IReadOnlyList<CodeMigration> Code { get; init; } = [];

    /// <summary>
    /// Tables that once held personal data in columns a migration dropped: rewritten once, after the migrations, so that
    /// nothing of the old values is left in the files (see <see cref="SchemaPurge"/>).
    /// </summary>
    public IReadOnlyList<SchemaPurge> Purges { get; init; } = [];

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

    /// <summary>The journal name of a code step: it sorts among the SQL files (<c>Module.Schema.0004_x.code</c>).</summary>
    public string CodeScriptName(CodeMigration step) => $"{Assembly.GetName().Name}.Schema.{step.Name}.code";

    /// <summary>The journal name of a purge, recorded once it ran (<c>Module.Schema.0005_x.purge</c>).</summary>
    public string PurgeScriptName(SchemaPurge purge) => $"{Assembly.GetName().Name}.Schema.{purge.Name}.purge";
}

/// <summary>
/// A rewrite after a migration dropped columns that held personal data in clear (<paramref name="Name"/> names that
/// migration, e.g. <c>0005_drop_clear_names</c>). Dropping a column leaves its values behind: PostgreSQL only hides the
/// column until every row is rewritten, and SQLite keeps the old pages as free pages and in its write-ahead log. So,
/// once per database, on PostgreSQL each of <paramref name="Tables"/> is rewritten into new files (<c>VACUUM FULL</c>,
/// which builds every row anew without the dropped columns' values, and unlinks the old files); on SQLite the whole file
/// is rebuilt with <c>secure_delete</c> on (<c>VACUUM</c>) and the write-ahead log checkpointed and truncated.
/// </summary>
public sealed record SchemaPurge(string Name, IReadOnlyList<string> Tables);

/// <summary>
/// A numbered migration step in code (<paramref name="Name"/> like <c>0004_seal_names</c>), run by DbUp in the same
/// transaction-per-script and journal as the SQL files. <paramref name="Create"/> receives the application's services.
/// </summary>
public sealed record CodeMigration(string Name, Func<IServiceProvider, IScript> Create);
