using Mediator;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer.Generation;

internal sealed class GetBankGenerationHandler(IDbConnectionFactory db, CreditSeal seal) : IRequestHandler<GetBankGeneration, BankGeneration?>
{
    public async ValueTask<BankGeneration?> Handle(GetBankGeneration request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return (await GenerationStore.ReadAsync(c, null, request.RunId, seal, cancellationToken))?.Generation;
    }
}
