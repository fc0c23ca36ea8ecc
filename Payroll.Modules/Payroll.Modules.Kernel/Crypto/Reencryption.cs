using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>The loop every module runs after a key rotation to bring its encrypted columns under the active key.</summary>
public static class Reencryption
{
    /// <summary>
    /// Reads a batch of rows still under another key (<paramref name="batchSql"/> takes <c>@active</c>, the active key's
    /// id bytes, <c>@activeText</c>, the LIKE pattern of text sealed under it (<see cref="SealedText"/>), and
    /// <c>@limit</c>), writes each back with <paramref name="updateSql"/> and the parameters
    /// <paramref name="rewrite"/> gives, one transaction per batch, until no row is left. Resumable: what was committed is
    /// under the active key and is not read again.
    /// </summary>
    public static async Task RunAsync<TRow>(
        IDbConnectionFactory db, FieldCipher cipher, int batchSize, string batchSql, string updateSql, Func<TRow, object> rewrite, CancellationToken ct)
    {
        var active = FieldCipher.KeyIdBytes(cipher.ActiveKeyId);
        var activeText = SealedText.PrefixOf(cipher.ActiveKeyId) + "%";
        while (true)
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var batch = (await c.QueryAsync<TRow>(new CommandDefinition(batchSql, new { active, activeText, limit = batchSize }, tx, cancellationToken: ct))).AsList();
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var row in batch)
            {
                await c.ExecuteAsync(new CommandDefinition(updateSql, rewrite(row), tx, cancellationToken: ct));
            }

            await tx.CommitAsync(ct);
        }
    }
}
