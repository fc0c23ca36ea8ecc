using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

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
