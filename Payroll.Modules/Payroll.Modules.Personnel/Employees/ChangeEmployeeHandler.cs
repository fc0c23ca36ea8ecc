using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Takes the person's latest version, applies the changes, and saves it as a new version (through <see cref="SaveEmployee"/>).</summary>
internal sealed class ChangeEmployeeHandler(IDbConnectionFactory db, FieldCipher cipher, ISender sender) : IRequestHandler<ChangeEmployee, SavedEmployee>
{
    public async ValueTask<SavedEmployee> Handle(ChangeEmployee request, CancellationToken cancellationToken)
    {
        VersionRow? latest;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            latest = await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(VersionRow.LatestByNumberSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken));
        }

        if (latest is null)
        {
            throw new InvalidInputException([new InputError(null, "員工編號", $"查無員工編號「{request.EmployeeNo}」")]);
        }

        var now = latest.ToInput(cipher);
        var x = request.Changes;
        var merged = now with
        {
            UnitCode = x.UnitCode ?? now.UnitCode,
            Rank = x.Rank ?? now.Rank,
            Grade = x.Grade ?? now.Grade,
            SalaryPoints = x.SalaryPoints ?? now.SalaryPoints,
            SupervisorAllowanceLevel = x.SupervisorAllowanceLevel ?? now.SupervisorAllowanceLevel,
            NhiDependents = x.NhiDependents ?? now.NhiDependents,
            TaxDependents = x.TaxDependents ?? now.TaxDependents,
            Withholding = x.Withholding ?? now.Withholding,
            BankCode = x.BankCode ?? now.BankCode,
            BranchCode = x.BranchCode ?? now.BranchCode,
            BankAccount = x.BankAccount ?? now.BankAccount,
            Email = x.Email ?? now.Email,
            Mobile = x.Mobile ?? now.Mobile,
            Address = x.Address ?? now.Address,
            Status = x.Status ?? now.Status,
            StatusDate = x.StatusDate ?? now.StatusDate,
        };
        return await sender.Send(new SaveEmployee(merged, request.EffectiveFrom, request.Reason, request.Actor), cancellationToken);
    }
}
