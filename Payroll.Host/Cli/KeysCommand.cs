using System.CommandLine;
using Hangfire;
using Mediator;
using Payroll.Jobs.Maintenance;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host.Cli;

/// <summary><c>payroll keys rotate</c>: field-encryption keys, shared by every module.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var wait = new Option<bool>("--wait") { Description = "Re-encrypt here and now instead of queuing the job for a worker." };
        var rotate = PayrollCli.Verb(new Command("rotate", "Add a field-encryption key, make it active, and re-encrypt existing values under it.") { wait }, async (parse, services, token) =>
        {
            var keyId = services.GetRequiredService<FieldKeyRing>().Rotate();
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

        var keys = new Command("keys", "Field-encryption keys (kept in a file outside the database).");
        keys.Subcommands.Add(rotate);
        return keys;
    }
}
