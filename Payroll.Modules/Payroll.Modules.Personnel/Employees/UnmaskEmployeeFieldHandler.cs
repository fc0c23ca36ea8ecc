using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>One field of one person in clear, for an HR clerk with a reason; recorded either way.</summary>
internal sealed class UnmaskEmployeeFieldHandler(IDbConnectionFactory db, FieldCipher cipher, ISender sender) : IRequestHandler<UnmaskEmployeeField, string?>
{
    private const string CurrentSql = $"""
        SELECT v.employee_id AS {nameof(Row.EmployeeId)}, v.national_id AS {nameof(Row.NationalId)}, v.bank_account AS {nameof(Row.BankAccount)},
               v.email AS {nameof(Row.Email)}, v.mobile AS {nameof(Row.Mobile)}, v.address AS {nameof(Row.Address)}
        FROM personnel_employee_version v JOIN personnel_employee e ON e.id = v.employee_id
        WHERE e.employee_no = @no
        ORDER BY v.effective_from DESC, v.id DESC
        LIMIT 1
        """;

    public async ValueTask<string?> Handle(UnmaskEmployeeField request, CancellationToken cancellationToken)
    {
        Row? row;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(CurrentSql, new { no = request.EmployeeNo }, cancellationToken: cancellationToken));
        }

        var category = request.Field switch
        {
            UnmaskableField.NationalId => "national-id",
            UnmaskableField.BankAccount => "bank-account",
            UnmaskableField.Email => "email",
            UnmaskableField.Mobile => "mobile",
            _ => "address",
        };
        var refusal = row switch
        {
            null => "unknown employee",
            _ when !request.Actor.Roles.Contains(Roles.HrClerk) => "only HR clerks may unmask",
            _ when string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length < 4 => "a reason is required",
            _ => null,
        };
        if (refusal is not null)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.Unmask, null, "personnel/unmask/" + category, row is null ? [] : [row.EmployeeId], [category],
                AccessOutcome.Refused, refusal), cancellationToken);
            return null;
        }

        var stored = request.Field switch
        {
            UnmaskableField.NationalId => row!.NationalId,
            UnmaskableField.BankAccount => row!.BankAccount,
            UnmaskableField.Email => row!.Email,
            UnmaskableField.Mobile => row!.Mobile,
            _ => row!.Address,
        };
        var column = category.Replace('-', '_');
        var value = stored is null ? "" : cipher.DecryptString(stored, EmployeeVersions.Table, column, row.EmployeeId.ToString(CultureInfo.InvariantCulture));
        await sender.Send(new RecordAccess(request.Actor, AccessAction.Unmask, null, "personnel/unmask/" + category, [row.EmployeeId], [category],
            AccessOutcome.Allowed, "reason: " + request.Reason.Trim()), cancellationToken);
        return value;
    }

    private sealed record Row
    {
        public long EmployeeId { get; init; }

        public byte[] NationalId { get; init; } = [];

        public byte[] BankAccount { get; init; } = [];

        public byte[]? Email { get; init; }

        public byte[]? Mobile { get; init; }

        public byte[]? Address { get; init; }
    }
}
