using System.Globalization;
using System.Text;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Runs;

/// <summary>
/// Runs filtered, sorted and paged in the database with a keyset cursor: the next page starts after the last run of this
/// one (its sort key and id), so no run is skipped or repeated however many there are, and older runs are reachable.
/// </summary>
internal sealed class ListPayrollRunsHandler(IDbConnectionFactory db) : IRequestHandler<ListPayrollRuns, RunPage>
{
    public const int MaxLimit = 500;

    // Each filter is off when its parameter is null; the cursor's key is compared as the sort orders it.
    private const string Filters = """
        WHERE (@state IS NULL OR r.state = @state) AND (@period IS NULL OR r.period = @period) AND (@kind IS NULL OR r.kind = @kind)
        """;

    private const string StartedDescendingSql = $"""
        SELECT {RunRow.Columns} FROM salary_run r {Filters}
          AND (@afterAt IS NULL OR r.started_at < @afterAt OR (r.started_at = @afterAt AND r.id < @afterId))
        ORDER BY r.started_at DESC, r.id DESC LIMIT @take
        """;

    private const string StartedAscendingSql = $"""
        SELECT {RunRow.Columns} FROM salary_run r {Filters}
          AND (@afterAt IS NULL OR r.started_at > @afterAt OR (r.started_at = @afterAt AND r.id > @afterId))
        ORDER BY r.started_at, r.id LIMIT @take
        """;

    private const string PeriodDescendingSql = $"""
        SELECT {RunRow.Columns} FROM salary_run r {Filters}
          AND (@afterPeriod IS NULL OR r.period < @afterPeriod OR (r.period = @afterPeriod AND r.id < @afterId))
        ORDER BY r.period DESC, r.id DESC LIMIT @take
        """;

    private const string PeriodAscendingSql = $"""
        SELECT {RunRow.Columns} FROM salary_run r {Filters}
          AND (@afterPeriod IS NULL OR r.period > @afterPeriod OR (r.period = @afterPeriod AND r.id > @afterId))
        ORDER BY r.period, r.id LIMIT @take
        """;

    private const string ProgressSql = """
        SELECT k.run_id AS RunId, COUNT(*) AS Total, CAST(COALESCE(SUM(CASE WHEN k.state = 'Done' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Done
        FROM salary_run_chunk k JOIN salary_run r ON r.id = k.run_id AND k.version = COALESCE(r.pending_version, r.version)
        WHERE r.id IN /*ids*/
        GROUP BY k.run_id
        """;

    public async ValueTask<RunPage> Handle(ListPayrollRuns request, CancellationToken cancellationToken)
    {
        var errors = new List<InputError>();
        if (request.Limit is < 1 or > MaxLimit)
        {
            errors.Add(new InputError(null, "limit", $"a whole number from 1 to {MaxLimit}"));
        }

        if (request.Period is { } p && !(p.Length == 7 && DateOnly.TryParseExact(p + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            errors.Add(new InputError(null, "period", "a month as yyyy-MM, e.g. 2026-12"));
        }

        var after = request.After is { Length: > 0 } cursor ? Cursor.Parse(cursor, request.Sort) : null;
        if (request.After is { Length: > 0 } && after is null)
        {
            errors.Add(new InputError(null, "after", "not a cursor of this list and order: take it from the previous page"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        var sql = request.Sort switch
        {
            RunSort.StartedAscending => StartedAscendingSql,
            RunSort.PeriodDescending => PeriodDescendingSql,
            RunSort.PeriodAscending => PeriodAscendingSql,
            _ => StartedDescendingSql,
        };
        await using var c = await db.OpenAsync(cancellationToken);
        var args = new
        {
            state = request.State?.ToString(),
            period = request.Period,
            kind = request.Kind?.ToString(),
            afterAt = after?.StartedAt,
            afterPeriod = after?.Period,
            afterId = after?.Id ?? 0,
            take = request.Limit + 1,
        };
        var rows = (await c.QueryAsync<RunRow>(new CommandDefinition(sql, args, cancellationToken: cancellationToken))).ToList();
        var more = rows.Count > request.Limit;
        var runs = rows.Take(request.Limit).ToList();
        var progress = runs.Count == 0 ? [] : (await c.QueryAsync<(long RunId, long Total, long Done)>(new CommandDefinition(
                SqlDialect.WithIdSet(ProgressSql, db.Provider), new { ids = SqlDialect.IdSetValue(db.Provider, runs.Select(r => r.Id)) }, cancellationToken: cancellationToken)))
            .ToDictionary(x => x.RunId);
        var summaries = runs.Select(r => progress.TryGetValue(r.Id, out var x) ? r.ToSummary((int)x.Done, (int)x.Total) : r.ToSummary(0, 0)).ToList();
        return new RunPage(summaries, more ? Cursor.After(runs[^1], request.Sort) : null);
    }

    /// <summary>The last run of a page, by the sort's key and id, as an opaque token that names its order.</summary>
    private sealed record Cursor(long Id, long? StartedAt, string? Period)
    {
        public static string After(RunRow last, RunSort sort)
        {
            var key = Started(sort) ? last.StartedAt.ToString(CultureInfo.InvariantCulture) : last.Period;
            var text = string.Create(CultureInfo.InvariantCulture, $"{sort}|{key}|{last.Id}");
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static Cursor? Parse(string token, RunSort sort)
        {
            string text;
            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            }
            catch (FormatException)
            {
                return null;
            }

            var parts = text.Split('|');
            if (parts.Length != 3 || parts[0] != sort.ToString() || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            if (Started(sort))
            {
                return long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? new Cursor(id, at, null) : null;
            }

            return parts[1].Length == 7 ? new Cursor(id, null, parts[1]) : null;
        }

        private static bool Started(RunSort sort) => sort is RunSort.StartedDescending or RunSort.StartedAscending;
    }
}
