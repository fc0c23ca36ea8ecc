using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Versions that changed what a person is paid, recorded after an instant or taking effect in a span of days.</summary>
internal sealed class GetPayRelevantChangesHandler(IDbConnectionFactory db) : IRequestHandler<GetPayRelevantChanges, IReadOnlyList<PayRelevantChange>>
{
    private const string ChangesSql = """
        SELECT v.employee_id AS EmployeeId, e.employee_no AS EmployeeNo, v.effective_from AS EffectiveFrom, v.pay_fields AS PayFields,
               v.recorded_by AS RecordedBy, v.approved_by AS ApprovedBy, v.recorded_at AS RecordedAt
        FROM personnel_employee_version v JOIN personnel_employee e ON e.id = v.employee_id
        WHERE v.pay_fields IS NOT NULL AND (v.recorded_at > @after OR (v.effective_from >= @from AND v.effective_from <= @until))
        ORDER BY e.employee_no, v.effective_from, v.id
        """;

    public async ValueTask<IReadOnlyList<PayRelevantChange>> Handle(GetPayRelevantChanges request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(ChangesSql, new
        {
            after = request.RecordedAfter?.ToUnixTimeMilliseconds() ?? long.MaxValue,
            from = EmployeeVersions.Iso(request.EffectiveFrom),
            until = EmployeeVersions.Iso(request.EffectiveUntil),
        }, cancellationToken: cancellationToken));
        return rows.Select(r => new PayRelevantChange(
            r.EmployeeId, r.EmployeeNo, EmployeeVersions.ParseIso(r.EffectiveFrom), r.PayFields.Split(','), r.RecordedBy, r.ApprovedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedAt))).ToList();
    }

    private sealed record Row
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string EffectiveFrom { get; init; } = "";

        public string PayFields { get; init; } = "";

        public string RecordedBy { get; init; } = "";

        public string? ApprovedBy { get; init; }

        public long RecordedAt { get; init; }
    }
}
