using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Appraisals;

/// <summary>Shared by entry and import: one upsert per person and year, with the change recorded as hashes.</summary>
internal sealed class AppraisalWriter(IClock clock)
{
    public static readonly IReadOnlyDictionary<string, AppraisalGrade> Words = new Dictionary<string, AppraisalGrade>
    {
        ["甲"] = AppraisalGrade.Jia, ["乙"] = AppraisalGrade.Yi, ["丙"] = AppraisalGrade.Bing, ["丁"] = AppraisalGrade.Ding,
    };

    private const string PreviousSql = "SELECT grade FROM personnel_appraisal WHERE employee_id = @employeeId AND year = @year";

    private const string UpsertSql = """
        INSERT INTO personnel_appraisal (employee_id, year, grade, decided_on, recorded_at, recorded_by)
        VALUES (@employeeId, @year, @grade, @decidedOn, @now, @actor)
        ON CONFLICT (employee_id, year) DO UPDATE SET grade = excluded.grade, decided_on = excluded.decided_on,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
        """;

    /// <summary>Writes the appraisal; returns the change to log (null when nothing changed).</summary>
    public async Task<RecordChange?> WriteAsync(DbConnection c, DbTransaction tx, long employeeId, int year, AppraisalGrade grade, DateOnly decidedOn, Actor actor, CancellationToken ct)
    {
        var previous = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(PreviousSql, new { employeeId, year }, tx, cancellationToken: ct));
        if (previous == grade.ToString())
        {
            return null;
        }

        await c.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            employeeId, year, grade = grade.ToString(), decidedOn = EmployeeVersions.Iso(decidedOn), now = clock.UtcNow.ToUnixTimeMilliseconds(), actor = actor.Name,
        }, tx, cancellationToken: ct));
        string? Hash(string? value) => value is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{employeeId}|{year}|{value}")));
        return new RecordChange(actor, "Personnel", "appraisal", employeeId.ToString(CultureInfo.InvariantCulture) + "/" + year.ToString(CultureInfo.InvariantCulture),
            "grade", Hash(previous), Hash(grade.ToString()));
    }
}
