using Mediator;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>Every payee problem of an approved run, without writing anything.</summary>
internal sealed class CheckBankPayeesHandler(BankFileGenerator generator) : IRequestHandler<CheckBankPayees, IReadOnlyList<PayeeProblem>>
{
    public async ValueTask<IReadOnlyList<PayeeProblem>> Handle(CheckBankPayees request, CancellationToken cancellationToken)
    {
        var run = await generator.ApprovedRunAsync(request.RunId, request.Actor, cancellationToken);
        return (await generator.PlanAsync(run, [], null, cancellationToken)).Problems;
    }
}
