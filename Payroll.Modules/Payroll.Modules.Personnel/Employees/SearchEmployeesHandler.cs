using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Identity;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Finds people by employee-number prefix, national ID or part of the name. Names are encrypted and their keyed terms
/// salted per row (<see cref="NameTerms"/>): the rows are read in order, each row's terms are checked with its own salt,
/// the few that may hold the query are decrypted and the decrypted name decides, so the page is cut here rather than by
/// the database when a query is given.
/// </summary>
internal sealed class SearchEmployeesHandler(IDbConnectionFactory db, FieldCipher cipher, BlindIndex index, NameTerms terms, ISender sender)
    : IRequestHandler<SearchEmployees, EmployeeSearchPage>
{
    private const string SearchSql = $"""
        WITH latest AS (
            SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.employee_id ORDER BY v.effective_from DESC, v.id DESC) AS rn
            FROM personnel_employee_version v
        )
        SELECT e.id AS {nameof(Row.EmployeeId)}, e.employee_no AS {nameof(Row.EmployeeNo)}, c.name AS {nameof(Row.Name)}, u.code AS {nameof(Row.UnitCode)},
               u.name AS {nameof(Row.UnitName)}, c.staff_category AS {nameof(Row.Category)}, c.grade AS {nameof(Row.Grade)}, c.status AS {nameof(Row.Status)},
               c.national_id AS {nameof(Row.NationalId)}, e.is_demo AS {nameof(Row.IsDemo)}, c.name_terms AS {nameof(Row.NameTerms)},
               CASE WHEN e.employee_no LIKE @prefix ESCAPE '\' OR c.national_id_index = @nationalIdIndex THEN 1 ELSE 0 END AS {nameof(Row.Certain)}
        FROM latest c
        JOIN personnel_employee e ON e.id = c.employee_id
        JOIN personnel_unit u ON u.id = c.unit_id
        WHERE c.rn = 1
          AND (@anyUnit OR u.code = @unit)
        ORDER BY e.employee_no
        LIMIT @limit OFFSET @offset
        """;

    public async ValueTask<EmployeeSearchPage> Handle(SearchEmployees request, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 200);
        var query = request.Query?.Trim() ?? "";
        var escaped = query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        var pieces = NameTerms.Pieces(query);
        var args = new DynamicParameters(new
        {
            anyUnit = string.IsNullOrWhiteSpace(request.UnitCode),
            unit = request.UnitCode?.Trim() ?? "",
            prefix = query.Length == 0 ? "%" : escaped + "%",
            nationalIdIndex = NationalId.IsValid(query) ? index.Compute("national_id", NationalId.Normalise(query)) : "-",

            // Without a query every row is a match and the database cuts the page; with one, the rows are checked here
            // (terms with each row's salt, then the decrypted name), so they are read in order until the page is full.
            limit = query.Length == 0 ? size + 1 : long.MaxValue,
            offset = query.Length == 0 ? (page - 1) * size : 0,
        });
        var skip = query.Length == 0 ? 0 : (page - 1) * size;
        var found = new List<(Row Row, string Name)>();
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            await foreach (var r in c.QueryUnbufferedAsync<Row>(SearchSql, args).WithCancellation(cancellationToken))
            {
                string? name = null;
                if (query.Length > 0 && r.Certain == 0 && (!terms.MayHold(r.NameTerms, pieces) || !NameTerms.Contains(name = Name(r), query)))
                {
                    continue;
                }

                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                found.Add((r, name ?? Name(r)));
                if (found.Count > size)
                {
                    break;
                }
            }
        }

        var items = found.Take(size).Select(f => new EmployeeListItem(
            f.Row.EmployeeId, f.Row.EmployeeNo, f.Name, f.Row.UnitCode, f.Row.UnitName, Enum.Parse<StaffCategory>(f.Row.Category), f.Row.Grade,
            Enum.Parse<EmploymentStatus>(f.Row.Status), Masking.NationalId(cipher.DecryptString(f.Row.NationalId, EmployeeVersions.Table, "national_id", RowId(f.Row))),
            f.Row.IsDemo)).ToList();
        if (items.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.Search, null, "personnel/search", items.Select(i => i.EmployeeId).ToList(),
                ["name", "national-id-masked", "grade"], AccessOutcome.Allowed), cancellationToken);
        }

        return new EmployeeSearchPage(items, page, size, found.Count > size);
    }

    private string Name(Row r) => cipher.DecryptString(r.Name, EmployeeVersions.Table, "name", RowId(r));

    private static string RowId(Row r) => r.EmployeeId.ToString(CultureInfo.InvariantCulture);

    private sealed record Row
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public byte[] Name { get; init; } = [];

        public string? NameTerms { get; init; }

        public string UnitCode { get; init; } = "";

        public string UnitName { get; init; } = "";

        public string Category { get; init; } = "";

        public int? Grade { get; init; }

        public string Status { get; init; } = "";

        public byte[] NationalId { get; init; } = [];

        public bool IsDemo { get; init; }

        public long Certain { get; init; }
    }
}
