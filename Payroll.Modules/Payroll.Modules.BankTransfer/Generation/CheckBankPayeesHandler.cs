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

/// <summary>Every payee problem of an approved run, without writing anything.</summary>
internal sealed class CheckBankPayeesHandler(BankFileGenerator generator) : IRequestHandler<CheckBankPayees, IReadOnlyList<PayeeProblem>>
{
    public async ValueTask<IReadOnlyList<PayeeProblem>> Handle(CheckBankPayees request, CancellationToken cancellationToken)
    {
        var run = await generator.ApprovedRunAsync(request.RunId, cancellationToken);
        return (await generator.PlanAsync(run, [], null, cancellationToken)).Problems;
    }
}
