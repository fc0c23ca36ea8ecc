using System.Data.Common;
using System.Text.Json;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Pending changes as stored: the record as entered, encrypted whole (associated data: this table, <c>input</c>, the
/// change's key), with why it waits and who made it. One path for a single save and an import.
/// </summary>
internal sealed class PendingChangeStore(FieldCipher cipher)
{
    public const string Table = "personnel_pending_change";

    private const string OpenSql = $"SELECT employee_id AS EmployeeId, id AS Id FROM {Table} WHERE state = 'Pending' AND employee_id IN {SqlDialect.IdSetMarker}";

    private const string IdOfKeySql = $"SELECT id FROM {Table} WHERE change_key = @key";

    private static readonly string[] Columns =
        ["change_key", "batch", "employee_id", "effective_from", "reason", "unit_id", "input", "why", "made_by", "made_at", "state"];

    /// <summary>A row for <see cref="AddAsync"/>; the key is new and binds the encrypted record to this row.</summary>
    public object?[] Row(string? batch, long employeeId, long unitId, EmployeeInput input, DateOnly effectiveFrom, string reason, IEnumerable<string> why, Actor maker, long now)
    {
        var key = Guid.NewGuid().ToString("N");
        return
        [
            key, batch, employeeId, EmployeeVersions.Iso(effectiveFrom), cipher.Seal(reason, Table, "reason", key), unitId,
            cipher.EncryptString(JsonSerializer.Serialize(PendingRules.Normalise(input)), Table, "input", key),
            string.Join(',', why), maker.Name, now, nameof(PendingState.Pending),
        ];
    }

    public static Task AddAsync(DbConnection c, DbTransaction tx, IEnumerable<object?[]> rows, CancellationToken ct) =>
        BulkInsert.RunAsync(c, tx, Table, Columns, rows, ct);

    /// <summary>The id of a row just added (its key is the row's first value).</summary>
    public static Task<long> IdOfAsync(DbConnection c, DbTransaction tx, object?[] row, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(IdOfKeySql, new { key = row[0] }, tx, cancellationToken: ct));

    /// <summary>The open change of each of these people that has one.</summary>
    public static async Task<Dictionary<long, long>> OpenAsync(DbConnection c, DbTransaction? tx, DatabaseProvider provider, IEnumerable<long> employeeIds, CancellationToken ct) =>
        (await c.QueryAsync<(long EmployeeId, long Id)>(new CommandDefinition(
            SqlDialect.WithIdSet(OpenSql, provider), new { ids = SqlDialect.IdSetValue(provider, employeeIds) }, tx, cancellationToken: ct)))
        .ToDictionary(x => x.EmployeeId, x => x.Id);

    /// <summary>The reason and the decision's note, as typed (sealed like the record, bound to the change's key).</summary>
    public string? OpenText(string? stored, string column, string key) => cipher.Open(stored, Table, column, key);

    /// <summary>A decision's note, sealed for the change it is written on.</summary>
    public string? SealNote(string? note, string key) => cipher.Seal(note, Table, "note", key);

    public EmployeeInput Read(string key, byte[] input) =>
        JsonSerializer.Deserialize<EmployeeInput>(cipher.DecryptString(input, Table, "input", key))
        ?? throw new InvalidOperationException("A pending change holds no record.");

    /// <summary>The error for a change to a person who already has one waiting.</summary>
    public static InputError AlreadyPending(long pendingId, int? row = null) =>
        new(row, "員工編號", $"此人已有待覆核的異動（#{pendingId}），請先由另一位人事人員覆核或退回");
}
