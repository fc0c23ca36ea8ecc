using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Runs;

/// <summary>A run's state, totals and progress (no one named, nothing recorded): for progress bars, polling and the handlers that act on a run.</summary>
internal sealed class GetPayrollRunSummaryHandler(IDbConnectionFactory db) : IRequestHandler<GetPayrollRunSummary, PayrollRunSummary?>
{
    private const string ProgressSql = """
        SELECT COUNT(*) AS Total, CAST(COALESCE(SUM(CASE WHEN state = 'Done' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Done
        FROM salary_run_chunk WHERE run_id = @RunId AND version = @version
        """;

    public async ValueTask<PayrollRunSummary?> Handle(GetPayrollRunSummary request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return await LoadAsync(c, request.RunId, cancellationToken);
    }

    public static async Task<PayrollRunSummary?> LoadAsync(System.Data.Common.DbConnection c, long runId, CancellationToken ct)
    {
        var run = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(RunRow.ByIdSql, new { RunId = runId }, cancellationToken: ct));
        if (run is null)
        {
            return null;
        }

        var progress = await c.QuerySingleAsync<(long Total, long Done)>(new CommandDefinition(ProgressSql, new { RunId = runId, version = run.PendingVersion ?? run.Version }, cancellationToken: ct));
        return run.ToSummary((int)progress.Done, (int)progress.Total);
    }
}
