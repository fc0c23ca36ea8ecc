using System.ComponentModel;
using Hangfire;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Jobs.Maintenance;

/// <summary>
/// Daily: verifies the access ledger and change log and writes their head hashes to the checkpoint file. A broken
/// chain fails the job, so it shows red on the dashboard instead of being checkpointed.
/// </summary>
[Queue(JobQueues.Maintenance)]
[AutomaticRetry(Attempts = 0)]
public sealed class AuditCheckpointJob(ISender sender)
{
    public const string RecurringId = "vault-audit-checkpoint";

    [DisplayName("Verify and checkpoint the audit chains")]
    public async Task Run(CancellationToken cancellationToken)
    {
        var statuses = await sender.Send(new WriteAuditCheckpoint(Actor.Job(RecurringId)), cancellationToken);
        var broken = statuses.FirstOrDefault(s => !s.Intact);
        if (broken is not null)
        {
            throw new InvalidOperationException($"The {broken.Chain} chain is broken at row {broken.FirstBrokenSeq}: {broken.Problem}");
        }
    }
}
