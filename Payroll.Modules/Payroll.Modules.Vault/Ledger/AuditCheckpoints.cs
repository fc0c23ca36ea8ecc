using System.Globalization;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// The checkpoint file, outside the database: one line per chain and day, <c>chain seq hash time</c>. A chain
/// rewritten end to end (every hash recomputed) still disagrees with the checkpoints written before.
/// </summary>
internal static class AuditCheckpoints
{
    public sealed record Checkpoint(string Chain, long Seq, string Hash, DateTimeOffset At);

    public static IReadOnlyList<Checkpoint> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadLines(path)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 4)
            .Select(p => new Checkpoint(p[0], long.Parse(p[1], CultureInfo.InvariantCulture), p[2], DateTimeOffset.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    public static void Append(string path, IEnumerable<Checkpoint> checkpoints)
    {
        Kernel.Storage.DataDirectory.CreatePrivate(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = checkpoints.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Chain} {c.Seq} {c.Hash} {c.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"));

        // Owner-only from the moment it exists, like every file of the key directory it lives in by default.
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        foreach (var line in lines)
        {
            writer.Write(line);
        }
    }
}
