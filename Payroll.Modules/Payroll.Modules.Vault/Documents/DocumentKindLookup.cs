using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Vault;

internal sealed class DocumentKindLookup(IDbConnectionFactory db)
{
    private const string KindSql = "SELECT kind FROM vault_document WHERE id = @id";

    public async Task<string?> KindOfAsync(string documentId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(KindSql, new { id = documentId }, cancellationToken: ct));
    }
}
