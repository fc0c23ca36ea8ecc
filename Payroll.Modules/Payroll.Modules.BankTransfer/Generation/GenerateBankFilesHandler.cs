using Mediator;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Modules.BankTransfer.Generation;

internal sealed class GenerateBankFilesHandler(BankFileGenerator generator) : IRequestHandler<GenerateBankFiles, BankGeneration>
{
    public async ValueTask<BankGeneration> Handle(GenerateBankFiles request, CancellationToken cancellationToken) =>
        (await generator.GenerateAsync(request.RunId, request.HoldBack, null, request.Actor, cancellationToken)).Generation;
}
