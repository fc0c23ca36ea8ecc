using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Identity;

namespace Payroll.Modules.Personnel.Employees;

internal sealed class SearchEmployeesHandler(IDbConnectionFactory db, FieldCipher cipher, BlindIndex index, ISender sender)
    : IRequestHandler<SearchEmployees, EmployeeSearchPage>
{
    private const string SearchSql = $"""
        WITH latest AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
        )
        SELECT e.id AS {nameof(Row.EmployeeId)}, e.employee_no AS {nameof(Row.EmployeeNo)}, c.name AS {nameof(Row.Name)}, u.code AS {nameof(Row.UnitCode)},
               u.name AS {nameof(Row.UnitName)}, c.staff_category AS {nameof(Row.Category)}, c.grade AS {nameof(Row.Grade)}, c.status AS {nameof(Row.Status)},
               c.national_id AS {nameof(Row.NationalId)}, e.is_demo AS {nameof(Row.IsDemo)}
        FROM latest c
        JOIN personnel_employee e ON e.id = c.employee_id
        JOIN personnel_unit u ON u.id = c.unit_id
        WHERE c.rn = 1
          AND (@anyUnit OR u.code = @unit)
          AND (@anyQuery OR e.employee_no LIKE @prefix ESCAPE '\' OR c.name LIKE @contains ESCAPE '\' OR c.national_id_index = @nationalIdIndex)
        ORDER BY e.employee_no
        LIMIT @limit OFFSET @offset
        """;

    public async ValueTask<EmployeeSearchPage> Handle(SearchEmployees request, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 200);
        var query = request.Query?.Trim() ?? "";
        var escaped = query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        List<Row> rows;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            rows = (await c.QueryAsync<Row>(new CommandDefinition(SearchSql, new
            {
                anyUnit = string.IsNullOrWhiteSpace(request.UnitCode),
                unit = request.UnitCode?.Trim() ?? "",
                anyQuery = query.Length == 0,
                prefix = escaped + "%",
                contains = "%" + escaped + "%",
                nationalIdIndex = NationalId.IsValid(query) ? index.Compute("national_id", NationalId.Normalise(query)) : "-",
                limit = size + 1,
                offset = (page - 1) * size,
            }, cancellationToken: cancellationToken))).AsList();
        }

        var items = rows.Take(size).Select(r => new EmployeeListItem(
            r.EmployeeId, r.EmployeeNo, r.Name, r.UnitCode, r.UnitName, Enum.Parse<StaffCategory>(r.Category), r.Grade, Enum.Parse<EmploymentStatus>(r.Status),
            Masking.NationalId(cipher.DecryptString(r.NationalId, EmployeeVersions.Table, "national_id", r.EmployeeId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            r.IsDemo)).ToList();
        if (items.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.Search, null, "personnel/search", items.Select(i => i.EmployeeId).ToList(),
                ["name", "national-id-masked", "grade"], AccessOutcome.Allowed), cancellationToken);
        }

        return new EmployeeSearchPage(items, page, size, rows.Count > size);
    }

    private sealed record Row
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string Name { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public string UnitName { get; init; } = "";

        public string Category { get; init; } = "";

        public int? Grade { get; init; }

        public string Status { get; init; } = "";

        public byte[] NationalId { get; init; } = [];

        public bool IsDemo { get; init; }
    }
}
