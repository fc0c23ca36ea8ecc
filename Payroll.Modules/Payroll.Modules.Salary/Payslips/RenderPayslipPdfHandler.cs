using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Modules.Salary.Payslips;

internal sealed class RenderPayslipPdfHandler(PayslipReader reader, ISender sender, Kernel.Documents.PdfFonts fonts, Kernel.Time.IClock clock) : IRequestHandler<RenderPayslipPdf, string?>
{
    public async ValueTask<string?> Handle(RenderPayslipPdf request, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(request.RunId, request.EmployeeId, request.Actor, cancellationToken) is not { } payslip)
        {
            return null;
        }

        var pdf = Documents.PayslipPdf.Render(payslip, fonts, clock.UtcNow);
        var stored = await sender.Send(new StoreDocument(
            "payslip", "Salary", "application/pdf", $"payslip-{payslip.Period}-{payslip.EmployeeNo}.pdf", pdf, [payslip.EmployeeId], ["name", "salary"], request.Actor),
            cancellationToken);
        return stored.DocumentId;
    }
}
