using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Salary.Tables;

internal sealed class GetReferenceTableWorkbookHandler(IDbConnectionFactory db) : IRequestHandler<GetReferenceTableWorkbook, ReferenceTableWorkbook?>
{
    private const string VersionSql = "SELECT kind AS Kind, effective_from AS EffectiveFrom, source AS Source, content AS Content FROM salary_reference_table WHERE id = @Id";

    public async ValueTask<ReferenceTableWorkbook?> Handle(GetReferenceTableWorkbook request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(VersionSql, request, cancellationToken: cancellationToken));
        return row is null ? null : new ReferenceTableWorkbook(
            $"{row.Kind}.{row.EffectiveFrom}.xlsx", ReferenceTableWorkbookFormat.Write(row.Kind, row.EffectiveFrom, row.Source, verified: false, row.Content));
    }

    private sealed class VersionRow
    {
        public string Kind { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public string Source { get; init; } = "";

        public string Content { get; init; } = "";
    }
}
