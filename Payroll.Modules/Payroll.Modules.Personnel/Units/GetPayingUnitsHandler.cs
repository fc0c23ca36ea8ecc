using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Units;

/// <summary>Paying units' names and budget codes, in code order.</summary>
internal sealed class GetPayingUnitsHandler(IDbConnectionFactory db) : IRequestHandler<GetPayingUnits, IReadOnlyList<PayingUnit>>
{
    private const string UnitsSql = "SELECT code AS Code, name AS Name, budget_code AS BudgetCode FROM personnel_unit ORDER BY code";

    public async ValueTask<IReadOnlyList<PayingUnit>> Handle(GetPayingUnits request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var wanted = request.UnitCodes.ToHashSet(StringComparer.Ordinal);
        return (await c.QueryAsync<(string Code, string Name, string? BudgetCode)>(new CommandDefinition(UnitsSql, cancellationToken: cancellationToken)))
            .Where(u => wanted.Count == 0 || wanted.Contains(u.Code))
            .Select(u => new PayingUnit(u.Code, u.Name, u.BudgetCode)).ToList();
    }
}
