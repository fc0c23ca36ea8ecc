using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>After a key rotation: re-encrypts every protected column of every version, a batch per transaction; resumable.</summary>
internal sealed class ReencryptEmployeesHandler(IDbConnectionFactory db, FieldCipher cipher) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = $"""
        SELECT id AS {nameof(Row.Id)}, employee_id AS {nameof(Row.EmployeeId)}, name AS {nameof(Row.Name)}, romanised_name AS {nameof(Row.RomanisedName)},
               birth_date AS {nameof(Row.BirthDate)}, national_id AS {nameof(Row.NationalId)}, bank_account AS {nameof(Row.BankAccount)},
               email AS {nameof(Row.Email)}, mobile AS {nameof(Row.Mobile)}, address AS {nameof(Row.Address)}, reason AS {nameof(Row.Reason)}
        FROM personnel_employee_version
        WHERE substr(name, 2, 4) <> @active OR substr(romanised_name, 2, 4) <> @active OR substr(birth_date, 2, 4) <> @active
           OR substr(national_id, 2, 4) <> @active OR substr(bank_account, 2, 4) <> @active
           OR substr(email, 2, 4) <> @active OR substr(mobile, 2, 4) <> @active OR substr(address, 2, 4) <> @active
           OR (reason LIKE 'sealed1:%' AND reason NOT LIKE @activeText)
        ORDER BY id LIMIT @limit
        """;

    private const string UpdateSql = """
        UPDATE personnel_employee_version
        SET name = @Name, romanised_name = @RomanisedName, birth_date = @BirthDate, national_id = @NationalId, bank_account = @BankAccount, email = @Email, mobile = @Mobile, address = @Address,
            reason = @Reason
        WHERE id = @Id
        """;

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql, row =>
        {
            var id = row.EmployeeId.ToString(CultureInfo.InvariantCulture);
            byte[]? Again(byte[]? value, string column) => value is null ? null : cipher.Reencrypt(value, EmployeeVersions.Table, column, id);
            return row with
            {
                Name = Again(row.Name, "name")!,
                RomanisedName = Again(row.RomanisedName, "romanised_name"),
                BirthDate = Again(row.BirthDate, "birth_date")!,
                NationalId = Again(row.NationalId, "national_id")!,
                BankAccount = Again(row.BankAccount, "bank_account")!,
                Email = Again(row.Email, "email"),
                Mobile = Again(row.Mobile, "mobile"),
                Address = Again(row.Address, "address"),
                Reason = cipher.Reseal(row.Reason, EmployeeVersions.Table, "reason", id)!,
            };
        }, cancellationToken);

    private sealed record Row
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public byte[] Name { get; init; } = [];

        public byte[]? RomanisedName { get; init; }

        public byte[] BirthDate { get; init; } = [];

        public byte[] NationalId { get; init; } = [];

        public byte[] BankAccount { get; init; } = [];

        public byte[]? Email { get; init; }

        public byte[]? Mobile { get; init; }

        public byte[]? Address { get; init; }

        public string Reason { get; init; } = "";
    }
}
