using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// The ledger row of a database backup: resource <c>backup/ENGINE</c>, action Export, no subjects (the copy holds
/// everyone, encrypted where the data is personal; the exposure query is for what was read in clear).
/// </summary>
internal sealed class RecordBackupHandler(LedgerWriter ledger) : IRequestHandler<RecordBackup, long>
{
    public async ValueTask<long> Handle(RecordBackup request, CancellationToken cancellationToken) =>
        request.Engine is "sqlite" or "postgres"
            ? await ledger.AppendAccessAsync(request.Actor, AccessAction.Export, null, null, "backup/" + request.Engine, [], [], AccessOutcome.Allowed, null, cancellationToken)
            : throw new InvalidInputException([new InputError(null, "engine", "sqlite or postgres")]);
}
