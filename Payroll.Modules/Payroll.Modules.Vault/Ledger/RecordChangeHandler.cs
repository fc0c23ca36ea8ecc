using Mediator;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.Vault.Ledger;

internal sealed class RecordChangeHandler(LedgerWriter ledger) : IRequestHandler<RecordChange, long>
{
    public ValueTask<long> Handle(RecordChange request, CancellationToken cancellationToken) =>
        new(ledger.AppendChangeAsync(request, cancellationToken));
}
