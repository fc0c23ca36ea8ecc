using System.CommandLine;
using Hangfire;
using Mediator;
using Payroll.Jobs.Maintenance;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Cli;

/// <summary><c>payroll keys rotate|retire</c>: field-encryption keys, shared by every module.</summary>
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
        return keys;
    }
}
