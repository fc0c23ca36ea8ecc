using System.Data.Common;
using Dapper;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>A pending change as stored, with the person's number; and the latest versions of the people it concerns.</summary>
internal sealed record PendingRow
{
    public const string Select = $"""
        SELECT p.id AS {nameof(Id)}, p.change_key AS {nameof(ChangeKey)}, p.batch AS {nameof(Batch)}, p.employee_id AS {nameof(EmployeeId)},
               e.employee_no AS {nameof(EmployeeNo)}, p.effective_from AS {nameof(EffectiveFrom)}, p.reason AS {nameof(Reason)}, p.input AS {nameof(Input)},
               p.why AS {nameof(Why)}, p.made_by AS {nameof(MadeBy)}, p.made_at AS {nameof(MadeAt)}, p.state AS {nameof(State)},
               p.decided_by AS {nameof(DecidedBy)}, p.decided_at AS {nameof(DecidedAt)}, p.note AS {nameof(Note)}
        FROM {PendingChangeStore.Table} p JOIN personnel_employee e ON e.id = p.employee_id
        """;

    public long Id { get; init; }

    public string ChangeKey { get; init; } = "";

    public string? Batch { get; init; }

    public long EmployeeId { get; init; }

    public string EmployeeNo { get; init; } = "";

    public string EffectiveFrom { get; init; } = "";

    public string Reason { get; init; } = "";

    public byte[] Input { get; init; } = [];

    public string Why { get; init; } = "";

    public string MadeBy { get; init; } = "";

    public long MadeAt { get; init; }

    public string State { get; init; } = "";

    public string? DecidedBy { get; init; }

    public long? DecidedAt { get; init; }

    public string? Note { get; init; }

    /// <summary>The version in force of each of these people who has one, in clear.</summary>
    public static async Task<Dictionary<long, EmployeeInput>> CurrentAsync(
        DbConnection c, DbTransaction? tx, DatabaseProvider provider, FieldCipher cipher, IEnumerable<long> employeeIds, CancellationToken ct) =>
        (await c.QueryAsync<VersionRow>(new CommandDefinition(
            SqlDialect.WithIdSet(VersionRow.LatestOfIdsSql, provider), new { ids = SqlDialect.IdSetValue(provider, employeeIds) }, tx, cancellationToken: ct)))
        .ToDictionary(v => v.EmployeeId, v => v.ToInput(cipher));
}
