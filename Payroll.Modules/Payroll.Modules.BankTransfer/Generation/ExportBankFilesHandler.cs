using Mediator;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Modules.BankTransfer.Generation;

internal sealed class ExportBankFilesHandler(BankFileGenerator generator) : IRequestHandler<ExportBankFiles, BankExport>
{
    public async ValueTask<BankExport> Handle(ExportBankFiles request, CancellationToken cancellationToken) =>
        await generator.GenerateAsync(request.RunId, request.HoldBack, request.Profile, request.Actor, cancellationToken);
}
