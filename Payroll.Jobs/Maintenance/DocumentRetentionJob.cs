using System.ComponentModel;
using Hangfire;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Jobs.Maintenance;

/// <summary>Daily: removes documents past their retention period (each purge is recorded in the ledger).</summary>
[Queue(JobQueues.Maintenance)]
[AutomaticRetry(Attempts = 3)]
public sealed class DocumentRetentionJob(ISender sender)
{
    public const string RecurringId = "vault-document-retention";

    [DisplayName("Purge documents past retention")]
    public async Task Run(CancellationToken cancellationToken) =>
        await sender.Send(new PurgeExpiredDocuments(Actor.Job(RecurringId)), cancellationToken);
}
