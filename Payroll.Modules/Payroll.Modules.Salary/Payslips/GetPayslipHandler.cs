using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Payslips;

internal sealed class GetPayslipHandler(PayslipReader reader) : IRequestHandler<GetPayslip, PayslipView?>
{
    public async ValueTask<PayslipView?> Handle(GetPayslip request, CancellationToken cancellationToken) =>
        await reader.ReadAsync(request.RunId, request.EmployeeId, request.Actor, cancellationToken);
}
