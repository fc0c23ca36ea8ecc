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
        var json = new Option<bool>("--json") { Description = "As JSON: each chain's state, rows, head hash and first broken row." };
        audit.Subcommands.Add(CliAccount.Verb(new Command("verify", "Walk both hash chains and the checkpoints; exit 1 and name the first broken row if any.") { json }, async (parse, services, actor, ct) =>
        {
            var statuses = await services.GetRequiredService<ISender>().Send(new VerifyAuditChain(actor), ct);
            return await PrintAsync(statuses, parse.GetValue(json));
        }));
        audit.Subcommands.Add(CliAccount.Verb(new Command("checkpoint", "Verify, then append the chains' head hashes to the checkpoint file."), async (_, services, actor, ct) =>
        {
            var statuses = await services.GetRequiredService<ISender>().Send(new WriteAuditCheckpoint(actor), ct);
            return await PrintAsync(statuses, json: false);
        }));
        return audit;
    }

    /// <summary>The chains' states as lines (or JSON); exit 0 when every chain is intact, 1 when one is broken.</summary>
    internal static async Task<int> PrintAsync(IReadOnlyList<ChainStatus> statuses, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(statuses, PayrollCli.Json));
        }
        else
        {
            foreach (var s in statuses)
            {
                await Console.Out.WriteLineAsync(s.Intact
                    ? $"{s.Chain}: intact, {s.Rows} rows, head {s.HeadHash}"
                    : $"{s.Chain}: BROKEN at row {s.FirstBrokenSeq}: {s.Problem}");
            }
        }

        // A broken chain is the check failing: exit 1, as a refusal would.
        return statuses.All(s => s.Intact) ? CliExit.Ok : CliExit.Refused;
    }
}
