using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Tables;

/// <summary>
/// An administrator's statement that a version's figures match the official source they compared it with: who, when and
/// the SHA-256 of that document are kept on the version, and the change goes to the change log. Only once per version.
/// </summary>
internal sealed class VerifyReferenceTableHandler(IDbConnectionFactory db, IClock clock, ISender sender) : IRequestHandler<VerifyReferenceTable, ReferenceTableInfo>
{
    private const string VerifySql = """
        UPDATE salary_reference_table SET verified = TRUE, verified_by = @actor, verified_at = @now, verified_source_sha256 = @sha256
        WHERE id = @TableId AND NOT verified
        """;

    public async ValueTask<ReferenceTableInfo> Handle(VerifyReferenceTable request, CancellationToken cancellationToken)
    {
        if (!request.Actor.Roles.Contains(Roles.Admin))
        {
            throw new RefusedException($"{request.Actor.Name} is not an administrator: only an administrator verifies reference tables.");
        }

        if (request.SourceDocument is not { Length: > 0 })
        {
            throw new InvalidInputException([new InputError(null, "sourceDocument", "the official document the figures were compared with is required")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(request.SourceDocument));
        var changed = await c.ExecuteAsync(new CommandDefinition(
            VerifySql, new { request.TableId, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds(), sha256 }, cancellationToken: cancellationToken));
        var row = await c.QuerySingleOrDefaultAsync<ReferenceTableStore.Row>(new CommandDefinition(
            ReferenceTableStore.SelectSql + " WHERE id = @TableId", request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException("reference table", request.TableId);
        if (changed == 0)
        {
            throw new ConflictException($"{row.ToInfo().Ref} is already verified (by {row.VerifiedBy}).");
        }

        await sender.Send(new RecordChange(
            request.Actor, "Salary", "reference-table", request.TableId.ToString(CultureInfo.InvariantCulture), "verified", null, sha256), cancellationToken);
        return row.ToInfo();
    }
}
