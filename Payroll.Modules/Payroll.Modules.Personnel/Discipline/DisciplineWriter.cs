using Payroll.Modules.Contracts.Authorization;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Discipline;

/// <summary>Shared by entry, correction and import: the rules of a record, the writes, and the change log's entries (hashes, never values).</summary>
internal sealed class DisciplineWriter(IClock clock)
{
    public static readonly IReadOnlyDictionary<string, DisciplineKind> KindWords = new Dictionary<string, DisciplineKind>(StringComparer.Ordinal)
    {
        ["嘉獎"] = DisciplineKind.Commendation, ["記功"] = DisciplineKind.Merit, ["記大功"] = DisciplineKind.MajorMerit,
        ["申誡"] = DisciplineKind.Reprimand, ["記過"] = DisciplineKind.Demerit, ["記大過"] = DisciplineKind.MajorDemerit,
        ["記過以上懲戒"] = DisciplineKind.SevereSanction,
    };

    public static readonly IReadOnlyDictionary<string, DisciplineBasis> BasisWords = new Dictionary<string, DisciplineBasis>(StringComparer.Ordinal)
    {
        ["平時考核"] = DisciplineBasis.Appraisal, ["懲戒處分"] = DisciplineBasis.Disciplinary,
    };

    public const string Columns = """
        id AS Id, employee_id AS EmployeeId, kind AS Kind, basis AS Basis, decided_on AS DecidedOn, reference AS Reference, withdrawn AS Withdrawn
        """;

    private const string InsertSql = """
        INSERT INTO personnel_discipline (employee_id, kind, basis, decided_on, reference, withdrawn, recorded_at, recorded_by)
        VALUES (@employeeId, @kind, @basis, @decidedOn, @reference, FALSE, @now, @actor)
        RETURNING id
        """;

    private const string SameSql = """
        SELECT COUNT(*) FROM personnel_discipline
        WHERE employee_id = @employeeId AND kind = @kind AND basis = @basis AND decided_on = @decidedOn AND reference = @reference AND NOT withdrawn
        """;

    private const string UpdateSql = """
        UPDATE personnel_discipline SET kind = @kind, basis = @basis, decided_on = @decidedOn, reference = @reference, withdrawn = @withdrawn,
            recorded_at = @now, recorded_by = @actor
        WHERE id = @id
        """;

    /// <summary>Only HR clerks (and administrators) record or correct merits and demerits.</summary>
    public static void CheckWriter(Actor actor)
    {
        if (!actor.Roles.Contains(Roles.HrClerk) && !actor.Roles.Contains(Roles.Admin))
        {
            throw new RefusedException($"{actor.Name} is not an HR clerk: only HR clerks record merits and demerits.");
        }
    }

    /// <summary>What is wrong with a record, by field (Chinese field names, as on the form and in the sheet).</summary>
    public static IEnumerable<InputError> Check(DisciplineKind kind, DisciplineBasis basis, string reference, int? row = null)
    {
        if (!Enum.IsDefined(kind))
        {
            yield return new InputError(row, "獎懲種類", "unknown kind");
        }
        else if (basis == DisciplineBasis.Appraisal && kind == DisciplineKind.SevereSanction)
        {
            yield return new InputError(row, "獎懲種類", "平時考核只有嘉獎、記功、記大功、申誡、記過、記大過；更重的處分屬懲戒處分");
        }
        else if (basis == DisciplineBasis.Disciplinary && kind is not (DisciplineKind.Reprimand or DisciplineKind.Demerit or DisciplineKind.SevereSanction))
        {
            yield return new InputError(row, "獎懲種類", "懲戒處分為申誡、記過或記過以上懲戒（公務員懲戒法）");
        }

        if (!Enum.IsDefined(basis))
        {
            yield return new InputError(row, "依據", "平時考核或懲戒處分");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > 100)
        {
            yield return new InputError(row, "文號", "必填，至多 100 字（獎懲令或判決的文號）");
        }
    }

    /// <summary>Whether the same record (not withdrawn) is already there: an import given twice adds nothing.</summary>
    public static async Task<bool> ExistsAsync(DbConnection c, DbTransaction tx, long employeeId, DisciplineKind kind, DisciplineBasis basis, DateOnly decidedOn, string reference, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(SameSql, Args(employeeId, kind, basis, decidedOn, reference), tx, cancellationToken: ct)) > 0;

    public async Task<(long Id, RecordChange Change)> InsertAsync(
        DbConnection c, DbTransaction tx, long employeeId, DisciplineKind kind, DisciplineBasis basis, DateOnly decidedOn, string reference, Actor actor, CancellationToken ct)
    {
        var args = new DynamicParameters(Args(employeeId, kind, basis, decidedOn, reference));
        args.Add("now", clock.UtcNow.ToUnixTimeMilliseconds());
        args.Add("actor", actor.Name);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, args, tx, cancellationToken: ct));
        return (id, Change(actor, id, "record", null, Describe(kind, basis, decidedOn, reference.Trim(), false)));
    }

    /// <summary>Rewrites a record; one change-log entry per field that differs, the reason in the entry's field name.</summary>
    public async Task<IReadOnlyList<RecordChange>> UpdateAsync(DbConnection c, DbTransaction tx, DisciplineRecord before, CorrectDiscipline after, CancellationToken ct)
    {
        var reference = after.Reference.Trim();
        await c.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            id = before.Id, kind = after.Kind.ToString(), basis = after.Basis.ToString(), decidedOn = EmployeeVersions.Iso(after.DecidedOn), reference,
            withdrawn = after.Withdrawn, now = clock.UtcNow.ToUnixTimeMilliseconds(), actor = after.Actor.Name,
        }, tx, cancellationToken: ct));
        (string Field, string Before, string After)[] fields =
        [
            ("kind", before.Kind.ToString(), after.Kind.ToString()),
            ("basis", before.Basis.ToString(), after.Basis.ToString()),
            ("decided_on", EmployeeVersions.Iso(before.DecidedOn), EmployeeVersions.Iso(after.DecidedOn)),
            ("reference", before.Reference, reference),
            ("withdrawn", before.Withdrawn ? "1" : "0", after.Withdrawn ? "1" : "0"),
        ];
        return fields.Where(f => f.Before != f.After)
            .Select(f => Change(after.Actor, before.Id, $"{f.Field} ({after.Reason.Trim()})", f.Before, f.After)).ToList();
    }

    private static object Args(long employeeId, DisciplineKind kind, DisciplineBasis basis, DateOnly decidedOn, string reference) => new
    {
        employeeId, kind = kind.ToString(), basis = basis.ToString(), decidedOn = EmployeeVersions.Iso(decidedOn), reference = reference.Trim(),
    };

    private static string Describe(DisciplineKind kind, DisciplineBasis basis, DateOnly decidedOn, string reference, bool withdrawn) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}|{basis}|{decidedOn:yyyy-MM-dd}|{reference}|{withdrawn}");

    private static RecordChange Change(Actor actor, long id, string field, string? before, string? after)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        string? Hash(string? value) => value is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}|{field}|{value}")));
        return new RecordChange(actor, "Personnel", "discipline", key, field, Hash(before), Hash(after));
    }

    /// <summary>A row of <c>personnel_discipline</c> read with <see cref="Columns"/>.</summary>
    internal sealed class Row
    {
        public long Id { get; init; }

        public long EmployeeId { get; init; }

        public string Kind { get; init; } = "";

        public string Basis { get; init; } = "";

        public string DecidedOn { get; init; } = "";

        public string Reference { get; init; } = "";

        public bool Withdrawn { get; init; }

        public DisciplineRecord ToRecord() => new(
            Id, EmployeeId, Enum.Parse<DisciplineKind>(Kind), Enum.Parse<DisciplineBasis>(Basis), EmployeeVersions.ParseIso(DecidedOn), Reference, Withdrawn);
    }
}
