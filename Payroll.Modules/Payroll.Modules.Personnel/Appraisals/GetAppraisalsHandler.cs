using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Appraisals;

internal sealed class GetAppraisalsHandler(IDbConnectionFactory db) : IRequestHandler<GetAppraisals, IReadOnlyList<Appraisal>>
{
    internal const string Columns = $"employee_id AS {nameof(Row.EmployeeId)}, year AS {nameof(Row.Year)}, grade AS {nameof(Row.Grade)}, decided_on AS {nameof(Row.DecidedOn)}";

    private const string YearSql = $"""
        SELECT {Columns} FROM personnel_appraisal WHERE year = @year ORDER BY employee_id
        """;

    public async ValueTask<IReadOnlyList<Appraisal>> Handle(GetAppraisals request, CancellationToken cancellationToken)
    {
        var wanted = request.EmployeeIds.ToHashSet();
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(YearSql, new { year = request.Year }, cancellationToken: cancellationToken));
        return rows.Where(r => wanted.Count == 0 || wanted.Contains(r.EmployeeId)).Select(r => r.ToAppraisal()).ToList();
    }

    internal sealed record Row
    {
        public long EmployeeId { get; init; }

        public int Year { get; init; }

        public string Grade { get; init; } = "";

        public string DecidedOn { get; init; } = "";

        public Appraisal ToAppraisal() => new(EmployeeId, Year, Enum.Parse<AppraisalGrade>(Grade), EmployeeVersions.ParseIso(DecidedOn));
    }
}
