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

internal sealed class GetBankGenerationHandler(IDbConnectionFactory db) : IRequestHandler<GetBankGeneration, BankGeneration?>
{
    public async ValueTask<BankGeneration?> Handle(GetBankGeneration request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return (await GenerationStore.ReadAsync(c, null, request.RunId, cancellationToken))?.Generation;
    }
}
