using System.CommandLine;
using Hangfire;
using Mediator;
using Payroll.Jobs.Maintenance;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host.Cli;

/// <summary><c>payroll keys rotate</c>, <c>payroll audit verify</c>, <c>payroll audit checkpoint</c>.</summary>
internal static class KeysAndAuditCommands
{
    public static Command Keys()
    {
        var wait = new Option<bool>("--wait") { Description = "Re-encrypt here and now instead of queuing the job for a worker." };
        var rotate = new Command("rotate", "Add a field-encryption key, make it active, and re-encrypt existing values under it.") { wait };
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction((parse, ct) => PayrollCli.WithServicesAsync(parse.UnmatchedTokens.ToArray(), async (services, token) =>
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

            return 0;
        }, ct));

        var keys = new Command("keys", "Field-encryption keys (kept in a file outside the database).");
        keys.Subcommands.Add(rotate);
        return keys;
    }

    public static Command Audit()
    {
        var audit = new Command("audit", "The access ledger and change log.");
        audit.Subcommands.Add(PayrollCli.Command("verify", "Walk both hash chains and the checkpoints; exit 1 and name the first broken row if any.", async (services, ct) =>
        {
            var statuses = await services.GetRequiredService<ISender>().Send(new VerifyAuditChain(), ct);
            return await PrintAsync(statuses);
        }));
        audit.Subcommands.Add(PayrollCli.Command("checkpoint", "Verify, then append the chains' head hashes to the checkpoint file.", async (services, ct) =>
        {
            var statuses = await services.GetRequiredService<ISender>().Send(new WriteAuditCheckpoint(), ct);
            return await PrintAsync(statuses);
        }));
        return audit;
    }

    private static async Task<int> PrintAsync(IReadOnlyList<ChainStatus> statuses)
    {
        foreach (var s in statuses)
        {
            await Console.Out.WriteLineAsync(s.Intact
                ? $"{s.Chain}: intact, {s.Rows} rows, head {s.HeadHash}"
                : $"{s.Chain}: BROKEN at row {s.FirstBrokenSeq}: {s.Problem}");
        }

        return statuses.All(s => s.Intact) ? 0 : 1;
    }
}
