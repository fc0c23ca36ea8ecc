using Mediator;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>
/// The bank files' contents, for the command line to write out: generated (or the current generation, unchanged) and,
/// every time, one Export row per file in the access ledger, whose subjects are the file's payees (the document's).
/// </summary>
internal sealed class ExportBankFilesHandler(BankFileGenerator generator, ISender sender) : IRequestHandler<ExportBankFiles, BankExport>
{
    public async ValueTask<BankExport> Handle(ExportBankFiles request, CancellationToken cancellationToken)
    {
        var export = await generator.GenerateAsync(request.RunId, request.HoldBack, request.Profile, request.Actor, cancellationToken);
        foreach (var file in export.Generation.Files)
        {
            await sender.Send(new RecordAccess(
                request.Actor, AccessAction.Export, file.DocumentId, $"/bank/runs/{request.RunId}/export", [], BankFileGenerator.Categories, AccessOutcome.Allowed), cancellationToken);
        }

        return export;
    }
}
