using Microsoft.Extensions.Configuration;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Kernel.Storage;

/// <summary>
/// Where the secrets live, apart from the data: the field-key file, the data-protection key ring and the audit
/// checkpoint file (<c>Payroll:KeyDirectory</c>, default <c>&lt;data directory&gt;-keys</c>, beside the data directory
/// and never in it), so that a copy or backup of the data directory carries no key. Each of the three can still be
/// named on its own. An installation that keeps them where earlier versions put them (in the data directory) keeps
/// working, with a warning that says how to move them.
/// </summary>
public static class KeyDirectory
{
    public const string Setting = "Payroll:KeyDirectory";
    public const string FieldKeyFileName = "field-keys.json";
    public const string KeyRingName = "data-protection";
    public const string CheckpointFileName = "audit-checkpoints.log";

    private const UnixFileMode OthersAndGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Of(IConfiguration configuration) =>
        Path.GetFullPath(configuration[Setting] is { Length: > 0 } d ? d : Path.TrimEndingDirectorySeparator(DataDirectory.Of(configuration)) + "-keys");

    /// <summary>The paths in force, and a warning for each one still in an earlier version's place.</summary>
    public static KeyPaths Resolve(IConfiguration configuration)
    {
        var directory = Of(configuration);
        var data = DataDirectory.Of(configuration);
        var warnings = new List<string>();

        var fieldKeys = Chosen(configuration["Payroll:Keys:FieldKeyFile"], Path.Combine(directory, FieldKeyFileName), Path.Combine(data, FieldKeyFileName), File.Exists);
        var keyRing = Chosen(configuration["Payroll:DataProtection:KeyRingPath"], Path.Combine(directory, KeyRingName), Path.Combine(data, "keys"),
            p => Directory.Exists(p) && Directory.EnumerateFiles(p, "*.xml").Any());
        var checkpoints = Chosen(configuration["Payroll:Vault:CheckpointFile"] is { Length: > 0 } c ? Path.Combine(data, c) : null,
            Path.Combine(directory, CheckpointFileName), Path.Combine(Path.TrimEndingDirectorySeparator(data) + "-audit", CheckpointFileName), File.Exists);

        return new KeyPaths(directory, fieldKeys.Path, keyRing.Path, checkpoints.Path,
            [.. new[] { ("field-key file", fieldKeys), ("data-protection key ring", keyRing), ("audit checkpoint file", checkpoints) }
                .Where(x => x.Item2.Path != x.Item2.Target)
                .Select(x => $"The {x.Item1} is still at {x.Item2.Path}, where earlier versions kept it, so a backup of the data directory carries it. "
                    + $"Stop every host, move it into the key directory (mkdir -m 700 {directory}; mv {x.Item2.Path} {x.Item2.Target}; chmod -R go= {directory}) "
                    + "and start again (docs/deployment.md, \"Key files\").")]);
    }

    /// <summary>
    /// Refuses a key directory, key file or key-ring file that anyone but the service account may read or write. The
    /// directory is created owner-only if it does not exist yet.
    /// </summary>
    public static void EnsurePrivate(KeyPaths paths)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(paths.Directory);
            return;
        }

        DataDirectory.CreatePrivate(paths.Directory);
        var problems = new List<string>();
        Check(paths.Directory, problems);
        foreach (var file in Directory.EnumerateFileSystemEntries(paths.Directory, "*", SearchOption.AllDirectories))
        {
            Check(file, problems);
        }

        foreach (var path in new[] { paths.FieldKeyFile, paths.KeyRing }.Where(p => !IsUnder(p, paths.Directory)))
        {
            if (Directory.Exists(path))
            {
                Check(path, problems);
                foreach (var file in Directory.EnumerateFiles(path))
                {
                    Check(file, problems);
                }
            }
            else if (File.Exists(path))
            {
                Check(path, problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new KeyDirectoryException(
                $"Keys must be readable by the service account only, and {string.Join("; ", problems)}. Nothing was started.");
        }
    }

    /// <summary>Makes a file owner-only (read and write), as every file in the key directory must be.</summary>
    public static void MakePrivate(string file)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & OthersAndGroup) != 0)
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void Check(string path, List<string> problems)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersAndGroup) != 0)
        {
            var directory = Directory.Exists(path);
            problems.Add($"{path} is {Octal(mode)} (chmod {(directory ? "700" : "600")} {path})");
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The configured path; else the key directory's, unless only an earlier version's place has one.</summary>
    private static (string Path, string Target) Chosen(string? configured, string inKeyDirectory, string legacy, Func<string, bool> exists) =>
        configured is { Length: > 0 } c ? (Path.GetFullPath(c), Path.GetFullPath(c))
        : (exists(inKeyDirectory) || !exists(legacy) ? inKeyDirectory : legacy, inKeyDirectory);
}

/// <summary>The key paths in force (<see cref="KeyDirectory.Resolve"/>) and what to tell the administrator about them.</summary>
public sealed record KeyPaths(string Directory, string FieldKeyFile, string KeyRing, string CheckpointFile, IReadOnlyList<string> Warnings);

/// <summary>A key directory or key file others can read: the host and the command line refuse to start.</summary>
public sealed class KeyDirectoryException(string message) : BusinessException(message);
