using Microsoft.Extensions.Configuration;

namespace Payroll.Modules.Kernel.Storage;

/// <summary>
/// Where the database file, job storage, keys and certificate live: <c>Payroll:DataDirectory</c>, default <c>./data</c>.
/// Modules resolve their own relative paths (bank layouts, checkpoints) against it.
/// </summary>
public static class DataDirectory
{
    public static string Of(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Payroll:DataDirectory"] is { Length: > 0 } d ? d : "data");

    /// <summary>A path relative to the data directory (an absolute path stays as it is).</summary>
    public static string Resolve(IConfiguration configuration, string path) => Path.Combine(Of(configuration), path);

    /// <summary>The data directory holds the database, keys and certificate: readable by the service account only.</summary>
    public static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
