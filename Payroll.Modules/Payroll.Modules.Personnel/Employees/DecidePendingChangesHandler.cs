using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// A second HR clerk's decision on pending changes, all or nothing: every change must be open and made by someone else.
/// An approved change is validated again against today's reference data and written as a version in force that names its
/// maker (recorded by) and its approver; a rejected one stays, with the note, and is never paid.
/// </summary>
internal sealed class DecidePendingChangesHandler(IDbConnectionFactory db, EmployeeVersions versions, PendingChangeStore pending, FieldCipher cipher, IClock clock)
    : IRequestHandler<DecidePendingChanges, PendingDecision>
{
    private const string ByIdsSql = PendingRow.Select + " WHERE p.id IN " + SqlDialect.IdSetMarker + " ORDER BY p.id";

    private const string ByBatchSql = PendingRow.Select + " WHERE p.batch = @batch AND p.state = 'Pending' ORDER BY p.id";

    private const string DecideSql = $"""
        UPDATE {PendingChangeStore.Table} SET state = @state, decided_by = @by, decided_at = @at, note = @note WHERE id = @id AND state = 'Pending'
        """;


    public async ValueTask<PendingDecision> Handle(DecidePendingChanges request, CancellationToken cancellationToken)
    {
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (request.Ids.Count == 0 && string.IsNullOrWhiteSpace(request.Batch))
        {
            throw new InvalidInputException([new InputError(null, "待覆核異動", "請選擇要覆核的異動")]);
        }

        if (!request.Approve && note is null)
        {
            throw new InvalidInputException([new InputError(null, "退回理由", "退回時必填，讓承辦人知道要更正什麼")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var rows = request.Ids.Count > 0
            ? (await c.QueryAsync<PendingRow>(new CommandDefinition(
                SqlDialect.WithIdSet(ByIdsSql, db.Provider), new { ids = SqlDialect.IdSetValue(db.Provider, request.Ids) }, tx, cancellationToken: cancellationToken))).AsList()
            : (await c.QueryAsync<PendingRow>(new CommandDefinition(ByBatchSql, new { batch = request.Batch!.Trim() }, tx, cancellationToken: cancellationToken))).AsList();
        var missing = request.Ids.Except(rows.Select(r => r.Id)).ToList();
        if (missing.Count > 0 || rows.Count == 0)
        {
            throw new InvalidInputException([new InputError(null, "待覆核異動", missing.Count > 0
                ? "查無異動 " + string.Join("、", missing.Select(m => "#" + m))
                : $"批次「{request.Batch}」沒有待覆核的異動")]);
        }

        if (rows.FirstOrDefault(r => r.State != nameof(PendingState.Pending)) is { } decided)
        {
            throw new ConflictException($"異動 #{decided.Id}（{decided.EmployeeNo}）已由 {decided.DecidedBy} {(decided.State == nameof(PendingState.Approved) ? "核准" : "退回")}。");
        }

        if (rows.FirstOrDefault(r => string.Equals(r.MadeBy, request.Actor.Name, StringComparison.Ordinal)) is { } own)
        {
            throw new RefusedException(
                $"{request.Actor.Name} made change #{own.Id} ({own.EmployeeNo}) and cannot also approve or reject it: a second HR clerk decides.", RefusedException.FourEyesRule);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var state = request.Approve ? nameof(PendingState.Approved) : nameof(PendingState.Rejected);
        if (request.Approve)
        {
            var reference = await ReferenceData.LoadAsync(c, tx, cancellationToken);
            var current = await PendingRow.CurrentAsync(c, tx, db.Provider, cipher, rows.Select(r => r.EmployeeId), cancellationToken);
            var errors = new List<InputError>();
            var versionRows = new List<object?[]>(rows.Count);
            foreach (var row in rows)
            {
                var input = pending.Read(row.ChangeKey, row.Input);
                var problems = EmployeeRules.Validate(input, reference).ToList();
                if (problems.Count > 0)
                {
                    errors.AddRange(problems.Select(p => p with { Field = $"#{row.Id} {row.EmployeeNo} {p.Field}" }));
                    continue;
                }

                var provenance = new VersionProvenance(PendingRules.PayFields(current.GetValueOrDefault(row.EmployeeId), input), request.Actor.Name, now, row.Id);
                versionRows.Add(versions.Row(
                    row.EmployeeId, reference.Units[input.UnitCode], input, EmployeeVersions.ParseIso(row.EffectiveFrom), pending.OpenText(row.Reason, "reason", row.ChangeKey)!, row.MadeBy, now, provenance));
            }

            if (errors.Count > 0)
            {
                throw new InvalidInputException(errors);
            }

            await EmployeeVersions.InsertAsync(c, tx, versionRows, cancellationToken);
        }

        // Row by row, by id or for a whole batch: the note is sealed for each change it is written on.
        var updated = await SumAsync(rows.Select(r => c.ExecuteAsync(new CommandDefinition(
            DecideSql, new { state, by = request.Actor.Name, at = now, note = pending.SealNote(note, r.ChangeKey), id = r.Id }, tx, cancellationToken: cancellationToken))));
        if (updated != rows.Count)
        {
            throw new ConflictException("另一位人事人員同時覆核了其中的異動；請重新整理後再試。");
        }

        await tx.CommitAsync(cancellationToken);
        return request.Approve ? new PendingDecision(rows.Count, 0) : new PendingDecision(0, rows.Count);
    }

    private static async Task<int> SumAsync(IEnumerable<Task<int>> updates)
    {
        var total = 0;
        foreach (var update in updates)
        {
            total += await update;
        }

        return total;
    }
}
