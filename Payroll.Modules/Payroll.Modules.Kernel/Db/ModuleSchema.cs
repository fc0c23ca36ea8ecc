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

    public IEnumerable<string> ScriptNames => Assembly.GetManifestResourceNames()
        .Where(n => n.Contains(".Schema.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);
}
