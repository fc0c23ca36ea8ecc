using System.CommandLine;
using Mediator;
using Payroll.Host.Audit;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Cli;

/// <summary>
/// <c>payroll backup --out DIR</c> (an administrator, recorded in the ledger before a byte is copied) and
/// <c>payroll restore --from DIR</c> (into an empty database only; then migrated to this version, the field-key file
/// checked, and the ledger's chains verified). Keys are never in a backup (docs/deployment.md, "Backups").
/// </summary>
internal static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        var output = new Option<string>("--out") { Description = "A new (or empty) directory for the backup; made owner-only.", Required = true };
        yield return CliAccount.Verb(new Command("backup", "Take a consistent, online backup of the database and the job storage, with a manifest of SHA-256 sums (never the keys).") { output }, async (parse, services, actor, ct) =>
        {
            var db = services.GetRequiredService<IDbConnectionFactory>();
            await services.GetRequiredService<ISender>().Send(new RecordBackup(db.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite", actor), ct);
            var manifest = await DatabaseBackup.BackupAsync(
                db, DataDirectory.Of(services.GetRequiredService<IConfiguration>()), parse.GetValue(output)!, actor.Name, services.GetRequiredService<IClock>().UtcNow, ct);
            foreach (var file in manifest.Files)
            {
                await Console.Out.WriteLineAsync($"{file.Name}  {file.Bytes} bytes  sha256 {file.Sha256}");
            }

            await Console.Out.WriteLineAsync($"Backup of the {manifest.Engine} database written to {Path.GetFullPath(parse.GetValue(output)!)} with {DatabaseBackup.ManifestName}. "
                + "It holds no key: back up the key directory apart from it.");
            return CliExit.Ok;
        });

        var from = new Option<string>("--from") { Description = "A backup directory written by payroll backup.", Required = true };
        yield return PayrollCli.Verb(new Command("restore", "Restore a backup into this installation's empty database, migrate it to this version, and verify the ledger.") { from }, async (parse, services, ct) =>
        {
            var db = services.GetRequiredService<IDbConnectionFactory>();
            var directory = parse.GetValue(from)!;
            var manifest = await DatabaseBackup.VerifyAsync(db, directory, ct);
            await DatabaseBackup.RestoreAsync(db, DataDirectory.Of(services.GetRequiredService<IConfiguration>()), directory, manifest, ct);
            await Console.Out.WriteLineAsync($"Restored the {manifest.Engine} backup taken {manifest.TakenAt:u} by {manifest.TakenBy}; every file matched its SHA-256.");

            // This version's migrations, then the key check: the restored data must open with this key directory's files.
            await PayrollModules.PrepareDatabaseAsync(services, ct);
            var statuses = await services.GetRequiredService<ISender>().Send(new VerifyAuditChain(Actor.System("restore")), ct);
            return await AuditCommands.PrintAsync(statuses, json: false);
        }, prepareDatabase: false);
    }
}
