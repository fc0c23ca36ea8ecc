using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Tables;

/// <summary>The rule catalogue joined with the table versions in force on the day (the latest effective on or before it).</summary>
internal sealed class GetRulesInForceHandler(IDbConnectionFactory db) : IRequestHandler<GetRulesInForce, IReadOnlyList<RuleInForce>>
{
    private const string InForceSql = ReferenceTableStore.SelectSql + """
         t
        WHERE t.effective_from = (SELECT MAX(x.effective_from) FROM salary_reference_table x WHERE x.kind = t.kind AND x.effective_from <= @day)
        """;

    public async ValueTask<IReadOnlyList<RuleInForce>> Handle(GetRulesInForce request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var versions = (await c.QueryAsync<ReferenceTableStore.Row>(new CommandDefinition(
                InForceSql, new { day = request.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Kind, r => r.ToInfo(), StringComparer.Ordinal);
        return RuleCatalogue.Rules
            .Select(r => new RuleInForce(r.Line, r.Rule, r.Code, r.Kinds.Select(k => new RuleTable(k, versions.GetValueOrDefault(k))).ToList()))
            .ToList();
    }
}
