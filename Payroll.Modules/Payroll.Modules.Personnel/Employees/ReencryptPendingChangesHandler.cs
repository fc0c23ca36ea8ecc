using Dapper;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>After a key rotation: re-encrypts the record kept with every pending change (decided ones too), a batch per transaction; resumable.</summary>
internal sealed class ReencryptPendingChangesHandler(IDbConnectionFactory db, FieldCipher cipher) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = $"""
        SELECT id AS Id, change_key AS ChangeKey, input AS Input FROM {PendingChangeStore.Table}
        WHERE substr(input, 2, 4) <> @active ORDER BY id LIMIT @limit
        """;

    private const string UpdateSql = $"UPDATE {PendingChangeStore.Table} SET input = @Input WHERE id = @Id";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken)
    {
        var active = FieldCipher.KeyIdBytes(cipher.ActiveKeyId);
        while (true)
        {
            await using var c = await db.OpenAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var batch = (await c.QueryAsync<Row>(new CommandDefinition(BatchSql, new { active, limit = notification.BatchSize }, tx, cancellationToken: cancellationToken))).AsList();
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var row in batch)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    UpdateSql, row with { Input = cipher.Reencrypt(row.Input, PendingChangeStore.Table, "input", row.ChangeKey) }, tx, cancellationToken: cancellationToken));
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    private sealed record Row
    {
        public long Id { get; init; }

        public string ChangeKey { get; init; } = "";

        public byte[] Input { get; init; } = [];
    }
}
