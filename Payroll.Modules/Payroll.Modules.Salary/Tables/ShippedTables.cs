namespace Payroll.Modules.Salary.Tables;

/// <summary>The reference tables shipped in <c>Tables/Shipped</c> (embedded), parsed and checked.</summary>
internal static class ShippedTables
{
    public static IReadOnlyList<ReferenceTableFile> ReadAll()
    {
        var assembly = typeof(ShippedTables).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Tables.Shipped.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return ReferenceTableFile.Parse(reader.ReadToEnd());
            })
            .ToList();
    }
}
