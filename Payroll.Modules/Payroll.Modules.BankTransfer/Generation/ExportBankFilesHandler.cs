using System.Security.Cryptography;
using Dapper;
using Mediator;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.BankTransfer.Generation;

internal sealed class ExportBankFilesHandler(BankFileGenerator generator) : IRequestHandler<ExportBankFiles, BankExport>
{
    public async ValueTask<BankExport> Handle(ExportBankFiles request, CancellationToken cancellationToken) =>
        await generator.GenerateAsync(request.RunId, request.HoldBack, request.Profile, request.Actor, cancellationToken);
}
