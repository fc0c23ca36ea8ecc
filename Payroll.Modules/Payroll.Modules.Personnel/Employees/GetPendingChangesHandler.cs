using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Pending changes with each differing field before and after (masked where it identifies); the list is recorded with every person on it.</summary>
internal sealed class GetPendingChangesHandler(IDbConnectionFactory db, PendingChangeStore pending, FieldCipher cipher, ISender sender)
    : IRequestHandler<GetPendingChanges, IReadOnlyList<PendingChange>>
{
    private const string OpenSql = PendingRow.Select + " WHERE p.state = 'Pending' ORDER BY p.id DESC LIMIT @limit";

    private const string AllSql = PendingRow.Select + " ORDER BY p.id DESC LIMIT @limit";

    private const string OpenOfBatchSql = PendingRow.Select + " WHERE p.batch = @batch AND p.state = 'Pending' ORDER BY p.id DESC LIMIT @limit";

    private const string BatchSql = PendingRow.Select + " WHERE p.batch = @batch ORDER BY p.id DESC LIMIT @limit";

    public async ValueTask<IReadOnlyList<PendingChange>> Handle(GetPendingChanges request, CancellationToken cancellationToken)
    {
        var batch = string.IsNullOrWhiteSpace(request.Batch) ? null : request.Batch.Trim();
        var sql = (batch, request.OpenOnly) switch
        {
            (null, true) => OpenSql,
            (null, false) => AllSql,
            (_, true) => OpenOfBatchSql,
            _ => BatchSql,
        };

        List<PendingRow> rows;
        Dictionary<long, Contracts.Personnel.EmployeeInput> current;
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            rows = (await c.QueryAsync<PendingRow>(new CommandDefinition(sql, new { batch, limit = Math.Clamp(request.Limit, 1, 50_000) }, cancellationToken: cancellationToken))).AsList();
            current = rows.Count == 0 ? [] : await PendingRow.CurrentAsync(c, null, db.Provider, cipher, rows.Select(r => r.EmployeeId).Distinct(), cancellationToken);
        }

        var result = rows.Select(r =>
        {
            var after = pending.Read(r.ChangeKey, r.Input);
            var before = current.GetValueOrDefault(r.EmployeeId);
            var differences = before is null
                ? PendingRules.Fields(after).Where(f => f.Clear is not null).Select(f => new FieldDifference(f.Name, null, f.Shown))
                : PendingRules.Fields(PendingRules.Normalise(before)).Zip(PendingRules.Fields(after))
                    .Where(p => p.First.Clear != p.Second.Clear).Select(p => new FieldDifference(p.First.Name, p.First.Shown, p.Second.Shown));
            return new PendingChange(
                r.Id, r.Batch, r.EmployeeId, r.EmployeeNo, after.Name, EmployeeVersions.ParseIso(r.EffectiveFrom), pending.OpenText(r.Reason, "reason", r.ChangeKey)!, r.Why.Split(',', StringSplitOptions.RemoveEmptyEntries),
                differences.ToList(), r.MadeBy, DateTimeOffset.FromUnixTimeMilliseconds(r.MadeAt), Enum.Parse<PendingState>(r.State), r.DecidedBy,
                r.DecidedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, pending.OpenText(r.Note, "note", r.ChangeKey));
        }).ToList();

        if (result.Count > 0)
        {
            await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, "personnel/pending", result.Select(r => r.EmployeeId).Distinct().ToList(),
                ["name", "national-id-masked", "bank-account-masked", "contact-masked", "grade", "salary-points"], AccessOutcome.Allowed), cancellationToken);
        }

        return result;
    }
}
