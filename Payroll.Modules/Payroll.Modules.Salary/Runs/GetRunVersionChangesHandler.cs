using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// What a rerun changed: for each person it covered, every line (and the net) whose amount differs from the result it
/// replaced, including people added or dropped; one page of people at a time. Recorded in the ledger with the people on
/// the page named (what the reader saw).
/// </summary>
internal sealed class GetRunVersionChangesHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetRunVersionChanges, RunVersionChanges>
{
    // The result each covered person had before this version: their newest payslip from an earlier version.
    private const string BeforeSql = """
        SELECT p.employee_id AS EmployeeId, p.employee_no AS EmployeeNo, p.unit_code AS UnitCode, p.version AS Version, p.net AS Net
        FROM salary_payslip p
        JOIN salary_run_member m ON m.run_id = p.run_id AND m.version = @Version AND m.employee_id = p.employee_id AND COALESCE(m.outcome, '') <> 'unchanged'
        WHERE p.run_id = @RunId AND p.version < @Version
          AND p.version = (SELECT MAX(q.version) FROM salary_payslip q WHERE q.run_id = p.run_id AND q.employee_id = p.employee_id AND q.version < @Version)
        """;

    private const string AfterSql = """
        SELECT p.employee_id AS EmployeeId, p.employee_no AS EmployeeNo, p.unit_code AS UnitCode, p.version AS Version, p.net AS Net
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.version = @Version
        """;

    private const string LinesSql = """
        SELECT l.employee_id AS EmployeeId, l.version AS Version, l.code AS Code, l.amount AS Amount
        FROM salary_payslip_line l
        JOIN salary_run_member m ON m.run_id = l.run_id AND m.version = @Version AND m.employee_id = l.employee_id
        WHERE l.run_id = @RunId AND l.version <= @Version
        """;

    // The employer lines kept with each of those payslips.
    private const string EmployerSql = """
        SELECT p.employee_id AS EmployeeId, p.version AS Version, p.employer_lines AS Packed
        FROM salary_payslip p
        JOIN salary_run_member m ON m.run_id = p.run_id AND m.version = @Version AND m.employee_id = p.employee_id
        WHERE p.run_id = @RunId AND p.version <= @Version AND p.employer_lines IS NOT NULL
        """;

    public const int MaxPageSize = 1000;

    public async ValueTask<RunVersionChanges> Handle(GetRunVersionChanges request, CancellationToken cancellationToken)
    {
        var problems = new List<InputError>();
        if (request.Page < 1)
        {
            problems.Add(new InputError(null, "page", "the page is a positive number"));
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            problems.Add(new InputError(null, "pageSize", $"a page holds 1 to {MaxPageSize} people"));
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var before = (await c.QueryAsync<Slip>(new CommandDefinition(BeforeSql, request, cancellationToken: cancellationToken))).ToDictionary(s => s.EmployeeId);
        var after = (await c.QueryAsync<Slip>(new CommandDefinition(AfterSql, request, cancellationToken: cancellationToken))).ToDictionary(s => s.EmployeeId);
        var employer = (await c.QueryAsync<(long EmployeeId, long Version, string Packed)>(new CommandDefinition(EmployerSql, request, cancellationToken: cancellationToken)))
            .SelectMany(p => Calculation.EmployerLines.Unpack(p.Packed).Select(l => new Line(p.EmployeeId, p.Version, l.Code, l.Amount)));
        var lines = (await c.QueryAsync<Line>(new CommandDefinition(LinesSql, request, cancellationToken: cancellationToken)))
            .Concat(employer).ToLookup(l => (l.EmployeeId, l.Version));

        var people = new List<(Slip Person, List<PayslipChange> Changes)>();
        foreach (var id in before.Keys.Union(after.Keys))
        {
            var changes = new List<PayslipChange>();
            var old = before.GetValueOrDefault(id);
            var @new = after.GetValueOrDefault(id);
            var person = @new ?? old!;
            var oldLines = old is null ? [] : lines[(id, old.Version)].ToDictionary(l => l.Code, l => l.Amount);
            var newLines = @new is null ? [] : lines[(id, @new.Version)].ToDictionary(l => l.Code, l => l.Amount);
            foreach (var code in oldLines.Keys.Union(newLines.Keys).Order(StringComparer.Ordinal))
            {
                long? a = oldLines.TryGetValue(code, out var x) ? x : null, b = newLines.TryGetValue(code, out var y) ? y : null;
                if (a != b)
                {
                    changes.Add(new PayslipChange(person.EmployeeNo, person.UnitCode, code, a, b));
                }
            }

            if (old?.Net != @new?.Net)
            {
                changes.Add(new PayslipChange(person.EmployeeNo, person.UnitCode, "NET", old?.Net, @new?.Net));
            }

            if (changes.Count > 0)
            {
                people.Add((person, changes));
            }
        }

        var page = people
            .OrderBy(p => p.Person.UnitCode, StringComparer.Ordinal).ThenBy(p => p.Person.EmployeeNo, StringComparer.Ordinal)
            .Skip((int)Math.Min(int.MaxValue, (long)(request.Page - 1) * request.PageSize)).Take(request.PageSize).ToList();
        if (page.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, $"/payroll/runs/{request.RunId}/versions/{request.Version}", [.. page.Select(p => p.Person.EmployeeId)], ["payslip"], AccessOutcome.Allowed), cancellationToken);
        }

        return new RunVersionChanges([.. page.SelectMany(p => p.Changes)], people.Count, request.Page, request.PageSize);
    }

    private sealed record Slip(long EmployeeId, string EmployeeNo, string UnitCode, long Version, long Net);

    private sealed record Line(long EmployeeId, long Version, string Code, long Amount);
}
