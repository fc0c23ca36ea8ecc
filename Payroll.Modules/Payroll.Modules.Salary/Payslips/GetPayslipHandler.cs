using Mediator;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Modules.Salary.Payslips;

internal sealed class GetPayslipHandler(PayslipReader reader) : IRequestHandler<GetPayslip, PayslipView?>
{
    public async ValueTask<PayslipView?> Handle(GetPayslip request, CancellationToken cancellationToken) =>
        await reader.ReadAsync(request.RunId, request.EmployeeId, request.Actor, cancellationToken);
}
