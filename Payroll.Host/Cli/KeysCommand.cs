using System.CommandLine;
using Hangfire;
using Mediator;
using Payroll.Jobs.Maintenance;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Storage;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Cli;

/// <summary><c>payroll keys rotate|retire|export|import</c>: field-encryption keys, shared by every module, and the key directory's backup.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var wait = new Option<bool>("--wait") { Description = "Re-encrypt here and now instead of queuing the job for a worker." };
        var rotate = PayrollCli.Verb(new Command("rotate", "Add a field-encryption key, make it active, and re-encrypt existing values under it.") { wait }, async (parse, services, token) =>
        {
            var keyId = services.GetRequiredService<FieldKeyRing>().Rotate(services.GetRequiredService<IClock>().UtcNow);
            await Console.Out.WriteLineAsync($"Field key {keyId} is now active ({services.GetRequiredService<FieldKeyRing>().Path}).");
            if (parse.GetValue(wait))
            {
                await services.GetRequiredService<IPublisher>().Publish(new ReencryptFieldsRequested(FieldReencryptionJob.BatchSize), token);
                await Console.Out.WriteLineAsync("Every protected value is now under the active key.");
            }
            else
            {
                var job = services.GetRequiredService<IBackgroundJobClient>().Enqueue<FieldReencryptionJob>(j => j.Run(CancellationToken.None));
                await Console.Out.WriteLineAsync($"Re-encryption queued as job {job}; a worker runs it (see the job dashboard).");
            }

            return CliExit.Ok;
        });

        // Retiring runs the re-encryption here first (resumable; a no-op when everything is under the active key): a key
        // is removed only once no value anywhere is encrypted under it.
        var retire = PayrollCli.Verb(new Command("retire", $"Re-encrypt every protected value under the active key, then remove the older keys from the key file (at least {FieldKeyRing.RetireAfter.TotalMinutes:0} minutes after the last rotation)."), async (_, services, token) =>
        {
            var ring = services.GetRequiredService<FieldKeyRing>();
            await services.GetRequiredService<IPublisher>().Publish(new ReencryptFieldsRequested(FieldReencryptionJob.BatchSize), token);
            IReadOnlyList<int> retired;
            try
            {
                retired = ring.Retire(services.GetRequiredService<IClock>().UtcNow);
            }
            catch (InvalidOperationException tooSoon)
            {
                await Console.Error.WriteLineAsync("error: " + tooSoon.Message);
                return CliExit.Refused;
            }

            await Console.Out.WriteLineAsync(retired.Count == 0
                ? $"Nothing to retire: field key {ring.ActiveKeyId} is the only one in {ring.Path}."
                : $"Every protected value is under field key {ring.ActiveKeyId}; retired {string.Join(", ", retired)} from {ring.Path}. A backup taken before the re-encryption needs a key export that has them.");
            return CliExit.Ok;
        });

        var keys = new Command("keys", "Field-encryption keys (kept in the key directory, apart from the data).");
        keys.Subcommands.Add(rotate);
        keys.Subcommands.Add(retire);
        keys.Subcommands.Add(Export());
        keys.Subcommands.Add(Import());
        return keys;
    }

    // Export and import work on the key files alone (settings, no database): they are what a restore needs first, on a
    // machine whose database may not exist yet.
    private static Command Export()
    {
        var output = new Option<string>("--out") { Description = "The file to write (new; owner-only).", Required = true };
        var command = new Command("export", $"Write the key directory (field keys, key ring, checkpoints) to one file sealed with a passphrase of at least {KeyExport.MinimumPassphraseLength} characters, asked twice on the terminal (or one line of standard input).") { output };
        command.SetAction(async (parse, ct) => await RefusalsAsync(async () =>
        {
            var paths = KeyDirectory.Resolve(Settings(parse));
            KeyDirectory.EnsurePrivate(paths);
            var files = KeyExport.Collect(paths);
            var passphrase = await CliAccount.ReadSecretAsync("Passphrase for the key export: ") ?? "";
            if (!Console.IsInputRedirected && await CliAccount.ReadSecretAsync("The same passphrase again: ") != passphrase)
            {
                throw new InvalidInputException([new InputError(null, "passphrase", "the two passphrases differ")]);
            }

            await PayrollCli.WriteOwnerOnlyAsync([(parse.GetValue(output)!, KeyExport.Seal(files, passphrase))], force: false, ct);
            await Console.Out.WriteLineAsync($"{files.Count} key files sealed into {Path.GetFullPath(parse.GetValue(output)!)}. Keep it apart from the database backups, and the passphrase apart from both.");
        }));
        return command;
    }

    private static Command Import()
    {
        var from = new Option<string>("--from") { Description = "A file written by payroll keys export.", Required = true };
        var command = new Command("import", "Put the keys of an export where the settings say (the key directory), owner-only; never over keys that are there.") { from };
        command.SetAction(async (parse, ct) => await RefusalsAsync(async () =>
        {
            var path = parse.GetValue(from)!;
            if (!File.Exists(path))
            {
                throw new InvalidInputException([new InputError(null, "from", $"{path} does not exist")]);
            }

            var passphrase = await CliAccount.ReadSecretAsync("Passphrase of the key export: ") ?? "";
            var files = KeyExport.Open(await File.ReadAllBytesAsync(path, ct), passphrase);
            var paths = KeyDirectory.Resolve(Settings(parse));
            KeyDirectory.EnsurePrivate(paths);
            foreach (var written in KeyExport.Install(files, paths))
            {
                await Console.Out.WriteLineAsync(written);
            }

            await Console.Out.WriteLineAsync($"{files.Count} key files in place. Restore the database next (payroll restore --from DIR).");
        }));
        return command;
    }

    private static IConfiguration Settings(ParseResult parse) =>
        Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = PayrollCli.ConfigurationArgs(parse),
            ContentRootPath = AppContext.BaseDirectory,
        }).Configuration;

    /// <summary>A refusal (a wrong passphrase, a file that exists, keys others can read) as the other verbs print it.</summary>
    private static async Task<int> RefusalsAsync(Func<Task> action)
    {
        try
        {
            await action();
            return CliExit.Ok;
        }
        catch (Exception ex) when (CliExit.Of(ex) is { } exit)
        {
            foreach (var line in exit.Messages)
            {
                await Console.Error.WriteLineAsync("error: " + line);
            }

            return exit.Code;
        }
    }
}
