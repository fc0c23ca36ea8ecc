using System.Globalization;
using Mediator;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>
/// <c>GET /api/v1/runs</c>: the payroll runs, newest first, for payroll staff and auditors — the same list as the runs
/// page, with totals only (no person). Filters: <c>state</c>, <c>period</c> (yyyy-MM), <c>kind</c>; <c>sort</c> one of
/// <c>started</c>, <c>-started</c> (default), <c>period</c>, <c>-period</c>; <c>limit</c> 1–500 (default 50); <c>after</c>,
/// the <c>next</c> cursor of the previous page. Filtered, sorted and paged in the database. A bad value is a 400 naming
/// the parameter.
/// </summary>
internal static class RunEndpoints
{
    private const int MaxRuns = 500;

    private static readonly Dictionary<string, RunSort> Sorts = new(StringComparer.Ordinal)
    {
        ["-started"] = RunSort.StartedDescending,
        ["started"] = RunSort.StartedAscending,
        ["-period"] = RunSort.PeriodDescending,
        ["period"] = RunSort.PeriodAscending,
    };

    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/runs", async (HttpContext http, ISender sender, string? state, string? period, string? kind, string? sort, string? limit, string? after, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            RunState? stateFilter = null;
            if (!string.IsNullOrEmpty(state))
            {
                stateFilter = Enum.TryParse<RunState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
                if (stateFilter is null)
                {
                    errors["state"] = [$"one of {string.Join(", ", Enum.GetNames<RunState>())}"];
                }
            }

            RunKind? kindFilter = null;
            if (!string.IsNullOrEmpty(kind))
            {
                kindFilter = Enum.TryParse<RunKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;
                if (kindFilter is null)
                {
                    errors["kind"] = [$"one of {string.Join(", ", Enum.GetNames<RunKind>())}"];
                }
            }

            if (!string.IsNullOrEmpty(period) && !DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors["period"] = ["a month as yyyy-MM, e.g. 2026-12"];
            }

            var order = string.IsNullOrEmpty(sort) ? "-started" : sort;
            if (!Sorts.TryGetValue(order, out var runSort))
            {
                errors["sort"] = [$"one of {string.Join(", ", Sorts.Keys)}"];
            }

            var take = 50;
            if (!string.IsNullOrEmpty(limit) && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 and <= MaxRuns))
            {
                errors["limit"] = [$"a whole number from 1 to {MaxRuns}"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            // Filtered, sorted and paged in the database; a cursor that does not fit this order is refused there (400).
            var page = await sender.Send(new ListPayrollRuns(HttpActor.From(http), take, stateFilter, string.IsNullOrEmpty(period) ? null : period, kindFilter, runSort, after), ct);
            var runs = page.Runs;
            return Results.Ok(new
            {
                next = page.Next,
                runs = runs.Select(r => new
                {
                    id = r.RunId,
                    period = r.Period,
                    kind = r.Kind.ToString(),
                    state = r.State.ToString(),
                    version = r.Version,
                    startedBy = r.StartedBy,
                    startedAt = r.StartedAt,
                    calculatedAt = r.CalculatedAt,
                    approvedBy = r.ApprovedBy,
                    approvedAt = r.ApprovedAt,
                    people = r.Totals.People,
                    exceptions = r.Totals.Exceptions,
                    gross = r.Totals.Gross,
                    deductions = r.Totals.Deductions,
                    net = r.Totals.Net,
                    chunksDone = r.ChunksDone,
                    chunksTotal = r.ChunksTotal,
                }),
            });
        }).RequireAuthorization(Policies.RunViewers);
    }
}
