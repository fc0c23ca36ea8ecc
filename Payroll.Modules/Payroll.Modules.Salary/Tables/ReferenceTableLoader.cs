using Payroll.Modules.Contracts.Authorization;
using Dapper;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Salary.Tables;

/// <summary>An administrator's new version: checked, then stored unless its kind already has a version from that date.</summary>
internal sealed class ReferenceTableLoader(IDbConnectionFactory db, IClock clock)
{
    public async Task<ReferenceTableInfo> LoadAsync(Func<ReferenceTableFile> parse, Contracts.Actor actor, CancellationToken ct)
    {
        if (!actor.Roles.Contains(Roles.Admin))
        {
            throw new RefusedException("Only an administrator loads reference tables.");
        }

        var file = parse();
        await using var c = await db.OpenAsync(ct);
        var id = await ReferenceTableStore.InsertAsync(c, null, file, actor.Name, clock.UtcNow, ct)
            ?? throw new InvalidInputException([new InputError(null, "effectiveFrom", $"{file.Kind} already has a version from {file.EffectiveFrom:yyyy-MM-dd}; a correction takes a new effective date")]);
        var row = await c.QuerySingleAsync<ReferenceTableStore.Row>(new CommandDefinition(ReferenceTableStore.SelectSql + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row.ToInfo();
    }
}
