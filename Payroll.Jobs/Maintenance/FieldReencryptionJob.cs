using System.ComponentModel;
using Hangfire;
using Mediator;
using Payroll.Modules.Contracts;

namespace Payroll.Jobs.Maintenance;

/// <summary>
/// After <c>payroll keys rotate</c>: every module re-encrypts its protected columns under the active key, a batch per
/// transaction. Rows already done are skipped, so a retry after a crash resumes where it stopped.
/// </summary>
[Queue(JobQueues.Maintenance)]
[AutomaticRetry(Attempts = 10)]
public sealed class FieldReencryptionJob(IPublisher publisher)
{
    public const int BatchSize = 500;

    [DisplayName("Re-encrypt protected fields under the active key")]
    public async Task Run(CancellationToken cancellationToken) =>
        await publisher.Publish(new ReencryptFieldsRequested(BatchSize), cancellationToken);
}
