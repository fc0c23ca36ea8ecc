using System.CommandLine;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Audit;

/// <summary><c>payroll audit verify</c> and <c>payroll audit checkpoint</c>: the access ledger's and change log's hash chains.</summary>
internal static class AuditCommands
{
    public static Command Create()
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
