using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Payslips;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// What a rerun changed: for each person it covered, every line (and the net) whose amount differs from the result it
/// replaced, including people added or dropped; one page of people at a time. Recorded in the ledger with the people on
/// the page named (what the reader saw).
/// </summary>
internal sealed class GetRunVersionChangesHandler(IDbConnectionFactory db, ISender sender, PayslipSeal seal) : IRequestHandler<GetRunVersionChanges, RunVersionChanges>
{
    // The result each covered person had before this version: their newest payslip from an earlier version.
    private const string BeforeSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_payslip p
        JOIN salary_run_member m ON m.run_id = p.run_id AND m.version = @Version AND m.employee_id = p.employee_id AND COALESCE(m.outcome, '') <> 'unchanged'
        WHERE p.run_id = @RunId AND p.version < @Version
          AND p.version = (SELECT MAX(q.version) FROM salary_payslip q WHERE q.run_id = p.run_id AND q.employee_id = p.employee_id AND q.version < @Version)
        """;

    private const string AfterSql = $"""
        SELECT {StoredPayslip.WithLines}
        FROM salary_payslip p WHERE p.run_id = @RunId AND p.version = @Version
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
        var before = (await c.QueryAsync<StoredPayslip>(new CommandDefinition(BeforeSql, request, cancellationToken: cancellationToken))).ToDictionary(s => s.EmployeeId, Open);
        var after = (await c.QueryAsync<StoredPayslip>(new CommandDefinition(AfterSql, request, cancellationToken: cancellationToken))).ToDictionary(s => s.EmployeeId, Open);

        var people = new List<(Slip Person, List<PayslipChange> Changes)>();
        foreach (var id in before.Keys.Union(after.Keys))
        {
            var changes = new List<PayslipChange>();
            var old = before.GetValueOrDefault(id);
            var @new = after.GetValueOrDefault(id);
            var person = @new ?? old!;
            var oldLines = old?.Lines ?? [];
            var newLines = @new?.Lines ?? [];
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

    private Slip Open(StoredPayslip stored) => new(
        stored.EmployeeId, stored.EmployeeNo, stored.UnitCode, stored.OpenFigures(seal).Net,
        stored.OpenLines(seal).GroupBy(l => l.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount), StringComparer.Ordinal));

    private sealed record Slip(long EmployeeId, string EmployeeNo, string UnitCode, long Net, Dictionary<string, long> Lines);
}
