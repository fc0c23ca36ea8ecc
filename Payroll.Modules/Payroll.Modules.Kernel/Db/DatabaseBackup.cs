using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// A consistent, online copy of the database and the job storage, and its restore into an empty database. SQLite: the
/// online backup API (the database file and <c>jobs.db</c>), while hosts keep writing. PostgreSQL: <c>pg_dump</c> in
/// custom format through the configured connection (the job storage's schema is in the same database). Beside the
/// files, <c>manifest.json</c> names each with its size and SHA-256. Never a key: the key directory is backed up apart.
/// </summary>
public static class DatabaseBackup
{
    public const string ManifestName = "manifest.json";
    public const int Format = 1;
    private const string SqliteDatabase = "payroll.db";
    private const string SqliteJobs = "jobs.db";
    private const string PostgresDump = "payroll.pgdump";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the backup into <paramref name="output"/> (a new or empty directory, made owner-only).</summary>
    public static async Task<BackupManifest> BackupAsync(
        IDbConnectionFactory db, string dataDirectory, string output, string takenBy, DateTimeOffset now, CancellationToken ct)
    {
        output = Path.GetFullPath(output);
        if (File.Exists(output) || (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any()))
        {
            throw new InvalidInputException([new InputError(null, "out", $"{output} exists and is not an empty directory: name a new one")]);
        }

        Storage.DataDirectory.CreatePrivate(output);
        var names = new List<string>();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var source = new NpgsqlConnectionStringBuilder(db.MigrationConnectionString ?? db.ConnectionString);
            await RunToolAsync("pg_dump", ["--format=custom", "--no-password", .. ConnectionArguments(source), "--file", Path.Combine(output, PostgresDump)], source.Password, ct);
            names.Add(PostgresDump);
        }
        else
        {
            await using (var source = (SqliteConnection)await db.OpenAsync(ct))
            {
                CopySqlite(source, Path.Combine(output, SqliteDatabase));
            }

            names.Add(SqliteDatabase);
            var jobs = Path.Combine(Path.GetFullPath(dataDirectory), SqliteJobs);
            if (File.Exists(jobs))
            {
                using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = jobs, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                source.Open();
                CopySqlite(source, Path.Combine(output, SqliteJobs));
                names.Add(SqliteJobs);
            }
        }

        var files = new List<BackupFile>();
        foreach (var name in names)
        {
            var path = Path.Combine(output, name);
            OwnerOnly(path);
            files.Add(new BackupFile(name, new FileInfo(path).Length, await Sha256Async(path, ct)));
        }

        var manifest = new BackupManifest(Format, Engine(db.Provider), now, takenBy, files);
        var manifestPath = Path.Combine(output, ManifestName);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, Json), ct);
        OwnerOnly(manifestPath);
        return manifest;
    }

    /// <summary>
    /// Reads the manifest of <paramref name="from"/> and checks every file it names against its size and SHA-256;
    /// refuses, naming each file that is missing or changed, and a backup of the other engine.
    /// </summary>
    public static async Task<BackupManifest> VerifyAsync(IDbConnectionFactory db, string from, CancellationToken ct)
    {
        var manifestPath = Path.Combine(Path.GetFullPath(from), ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new InvalidInputException([new InputError(null, "from", $"{manifestPath} does not exist: not a backup directory")]);
        }

        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct), Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }

        if (manifest is not { Format: Format, Files.Count: > 0 })
        {
            throw new InvalidInputException([new InputError(null, "from", $"{manifestPath} is not a backup manifest of format {Format}")]);
        }

        var problems = new List<InputError>();
        if (manifest.Engine != Engine(db.Provider))
        {
            problems.Add(new InputError(null, "from", $"the backup is of {manifest.Engine}, and this installation runs {Engine(db.Provider)}"));
        }

        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(Path.GetFullPath(from), Path.GetFileName(file.Name));
            if (!File.Exists(path))
            {
                problems.Add(new InputError(null, "from", $"{file.Name} is missing"));
            }
            else if (new FileInfo(path).Length != file.Bytes || await Sha256Async(path, ct) != file.Sha256)
            {
                problems.Add(new InputError(null, "from", $"{file.Name} does not match its SHA-256 in the manifest: changed or damaged since the backup"));
            }
        }

        return problems.Count > 0 ? throw new InvalidInputException(problems) : manifest;
    }

    /// <summary>
    /// Restores a verified backup into this installation's database, which must hold no table yet: a restore never
    /// overwrites a database in use.
    /// </summary>
    public static async Task RestoreAsync(IDbConnectionFactory db, string dataDirectory, string from, BackupManifest manifest, CancellationToken ct)
    {
        from = Path.GetFullPath(from);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var target = new NpgsqlConnectionStringBuilder(db.MigrationConnectionString ?? db.ConnectionString);
            await using (var c = new NpgsqlConnection(target.ToString()))
            {
                await c.OpenAsync(ct);
                var tables = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", cancellationToken: ct));
                RequireEmpty(tables, $"database {target.Database}");
            }

            // The objects become the restoring (migration) role's; the application role's rights are given again at the
            // next start, as after every migration.
            await RunToolAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--no-password", .. ConnectionArguments(target), Path.Combine(from, PostgresDump)], target.Password, ct);
            return;
        }

        await using (var c = (SqliteConnection)await db.OpenAsync(ct))
        {
            var tables = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", cancellationToken: ct));
            RequireEmpty(tables, c.DataSource);
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(from, SqliteDatabase), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            source.Open();
            source.BackupDatabase(c);
        }

        if (manifest.Files.Any(f => f.Name == SqliteJobs))
        {
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(from, SqliteJobs), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            source.Open();
            CopySqlite(source, Path.Combine(Path.GetFullPath(dataDirectory), SqliteJobs));
        }
    }

    private static void RequireEmpty(long tables, string what)
    {
        if (tables > 0)
        {
            throw new ConflictException($"The {what} is not empty ({tables} tables): a backup is restored only into an empty database, never over one in use.");
        }
    }

    private static void CopySqlite(SqliteConnection source, string destination)
    {
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString());
        target.Open();
        source.BackupDatabase(target);
    }

    private static string Engine(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    private static IEnumerable<string> ConnectionArguments(NpgsqlConnectionStringBuilder c) =>
        ["--host", c.Host ?? "localhost", "--port", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", c.Username ?? Environment.UserName, "--dbname", c.Database ?? "postgres"];

    /// <summary>Runs a PostgreSQL client tool (the newest installed, or the one on the path); its error output names the failure.</summary>
    private static async Task RunToolAsync(string tool, IEnumerable<string> arguments, string? password, CancellationToken ct)
    {
        var start = new ProcessStartInfo(FindTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(password))
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        var errors = process.StandardError.ReadToEndAsync(ct);
        _ = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new ConflictException($"{tool} failed (exit {process.ExitCode}): {(await errors).Trim()}");
        }
    }

    private static string FindTool(string tool)
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return installed ?? tool;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>What a backup holds: each file with its size and SHA-256, the engine, when and by whom it was taken.</summary>
public sealed record BackupManifest(int Format, string Engine, DateTimeOffset TakenAt, string TakenBy, IReadOnlyList<BackupFile> Files);

public sealed record BackupFile(string Name, long Bytes, string Sha256);
