using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

internal sealed class FindEmployeeHandler(IDbConnectionFactory db) : IRequestHandler<FindEmployee, long?>
{
    internal const string ByNumberSql = "SELECT id FROM personnel_employee WHERE employee_no = @no";

    public async ValueTask<long?> Handle(FindEmployee request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(ByNumberSql, new { no = request.EmployeeNo.Trim() }, cancellationToken: cancellationToken));
    }
}

/// <summary>An employee sees their own record only: the person is taken from the session, never from the request.</summary>
/// <summary>The employee number of the signed-in person: taken from the session's employee id, never from the request.</summary>
internal static class SignedInPerson
{
    private const string NumberSql = "SELECT employee_no FROM personnel_employee WHERE id = @id";

    public static async Task<string?> NumberAsync(IDbConnectionFactory db, Contracts.Actor actor, CancellationToken ct)
    {
        if (actor.EmployeeId is not { } id)
        {
            return null;
        }

        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(NumberSql, new { id }, cancellationToken: ct));
    }
}

/// <summary>An employee sees their own record only.</summary>
internal sealed class GetMyRecordHandler(IDbConnectionFactory db, ISender sender) : IRequestHandler<GetMyRecord, IReadOnlyList<EmployeeVersion>>
{
    public async ValueTask<IReadOnlyList<EmployeeVersion>> Handle(GetMyRecord request, CancellationToken cancellationToken) =>
        await SignedInPerson.NumberAsync(db, request.Actor, cancellationToken) is { } number
            ? await sender.Send(new GetEmployeeHistory(number, request.Actor), cancellationToken)
            : [];
}

/// <summary>Employee numbers to ids, many at once.</summary>
internal sealed class FindEmployeesHandler(IDbConnectionFactory db) : IRequestHandler<FindEmployees, IReadOnlyList<EmployeeRef>>
{
    private const string ByNumbersSql = $"SELECT id AS EmployeeId, employee_no AS EmployeeNo FROM personnel_employee WHERE employee_no IN {SqlDialect.CodeSetMarker}";

    public async ValueTask<IReadOnlyList<EmployeeRef>> Handle(FindEmployees request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<(long EmployeeId, string EmployeeNo)>(new CommandDefinition(
            SqlDialect.WithCodeSet(ByNumbersSql, db.Provider), new { codes = SqlDialect.CodeSetValue(db.Provider, request.EmployeeNos.Select(n => n.Trim()).Distinct()) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new EmployeeRef(r.EmployeeId, r.EmployeeNo)).ToList();
    }
}
