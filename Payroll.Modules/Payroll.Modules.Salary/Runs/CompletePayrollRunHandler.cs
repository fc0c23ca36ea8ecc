using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Runs;

internal sealed class CompletePayrollRunHandler(IDbConnectionFactory db, RunCompletion completion) : IRequestHandler<CompletePayrollRun, bool>
{
    private const string PendingSql = "SELECT pending_version FROM salary_run WHERE id = @RunId AND state = 'Calculating'";

    public async ValueTask<bool> Handle(CompletePayrollRun request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var version = await c.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(PendingSql, request, cancellationToken: cancellationToken));
        return version is { } v && await completion.TryCompleteAsync(request.RunId, v, cancellationToken);
    }
}
