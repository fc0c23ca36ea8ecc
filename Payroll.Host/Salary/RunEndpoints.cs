using System.Globalization;
using Mediator;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>
/// <c>GET /api/v1/runs</c>: the payroll runs, newest first, for payroll staff and auditors — the same list as the runs
/// page, with totals only (no person). Filters: <c>state</c>, <c>period</c> (yyyy-MM), <c>kind</c>; <c>sort</c> one of
/// <c>started</c>, <c>-started</c> (default), <c>period</c>, <c>-period</c>; <c>limit</c> 1–500 (default 50). A bad value
/// is a 400 naming the parameter.
/// </summary>
internal static class RunEndpoints
{
    private const int MaxRuns = 500;

    private static readonly string[] Sorts = ["started", "-started", "period", "-period"];

    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/runs", async (ISender sender, string? state, string? period, string? kind, string? sort, string? limit, CancellationToken ct) =>
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
            if (!Sorts.Contains(order, StringComparer.Ordinal))
            {
                errors["sort"] = [$"one of {string.Join(", ", Sorts)}"];
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

            var runs = (await sender.Send(new ListPayrollRuns(MaxRuns), ct))
                .Where(r => stateFilter is null || r.State == stateFilter)
                .Where(r => kindFilter is null || r.Kind == kindFilter)
                .Where(r => string.IsNullOrEmpty(period) || r.Period == period);
            runs = order switch
            {
                "started" => runs.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId),
                "period" => runs.OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.RunId),
                "-period" => runs.OrderByDescending(r => r.Period, StringComparer.Ordinal).ThenByDescending(r => r.RunId),
                _ => runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId),
            };
            return Results.Ok(new
            {
                runs = runs.Take(take).Select(r => new
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
