using Mediator;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.Vault.Ledger;

internal sealed class RecordAccessHandler(LedgerWriter ledger, DocumentKindLookup documents) : IRequestHandler<RecordAccess, long>
{
    public async ValueTask<long> Handle(RecordAccess request, CancellationToken cancellationToken)
    {
        var kind = request.DocumentId is null ? null : await documents.KindOfAsync(request.DocumentId, cancellationToken);
        return await ledger.AppendAccessAsync(
            request.Actor, request.Action, request.DocumentId, kind, request.Resource, request.SubjectIds, request.DataCategories,
            request.Outcome, request.Reason, cancellationToken);
    }
}
