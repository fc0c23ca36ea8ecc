using Payroll.Modules.Contracts.Salary;

namespace Payroll.Modules.Salary.Runs;

internal static class ChunkStates
{
    public const string Pending = "Pending";
    public const string Done = "Done";
}

/// <summary>
/// A row of <c>salary_run</c> as read by the handlers; <see cref="Columns"/> keeps SQL and names together. A class with
/// settable properties, not a positional record: SQLite gives the computed count no declared type, which Dapper matches to
/// no constructor but converts when setting a property.
/// </summary>
internal sealed class RunRow
{
    public long Id { get; init; }

    public string Period { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Units { get; init; } = "";

    public string State { get; init; } = "";

    public long Version { get; init; }

    public long? PendingVersion { get; init; }

    public string StartedBy { get; init; } = "";

    /// <summary>The account that triggered the scheduled job by hand, when one did.</summary>
    public string? TriggeredBy { get; init; }

    public long StartedAt { get; init; }

    public long? CalculatedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public long? ApprovedAt { get; init; }

    public long People { get; init; }

    public long Gross { get; init; }

    public long Deductions { get; init; }

    public long Net { get; init; }

    public long Exceptions { get; init; }

    public long? ReissueOf { get; init; }

    public long UnverifiedTables { get; init; }

    public string? PayDate { get; init; }

    /// <summary>The day the run is paid: as recorded, else the period's first day.</summary>
    public DateOnly PayDay => PayDate is { Length: > 0 } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : Calculation.PayPeriod.Parse(Period).Start;

    public const string Columns = $"""
        r.id AS {nameof(Id)}, r.period AS {nameof(Period)}, r.kind AS {nameof(Kind)}, r.units AS {nameof(Units)}, r.state AS {nameof(State)},
        r.version AS {nameof(Version)}, r.pending_version AS {nameof(PendingVersion)}, r.started_by AS {nameof(StartedBy)}, r.triggered_by AS {nameof(TriggeredBy)},
        r.started_at AS {nameof(StartedAt)}, r.calculated_at AS {nameof(CalculatedAt)}, r.approved_by AS {nameof(ApprovedBy)},
        r.approved_at AS {nameof(ApprovedAt)}, r.people AS {nameof(People)}, r.gross AS {nameof(Gross)}, r.deductions AS {nameof(Deductions)},
        r.net AS {nameof(Net)}, r.exceptions AS {nameof(Exceptions)}, r.reissue_of AS {nameof(ReissueOf)}, r.pay_date AS {nameof(PayDate)},
        CAST(({UnverifiedTablesSql}) AS BIGINT) AS {nameof(UnverifiedTables)}
        """;

    /// <summary>How many table versions read by any version of run <c>r</c> are not verified (a correlated count).</summary>
    public const string UnverifiedTablesSql = """
        SELECT COUNT(DISTINCT rt.table_id) FROM salary_run_table rt JOIN salary_reference_table t ON t.id = rt.table_id
        WHERE rt.run_id = r.id AND NOT t.verified
        """;

    /// <summary>One run by its id (<c>@RunId</c>).</summary>
    public const string ByIdSql = $"SELECT {Columns} FROM salary_run r WHERE r.id = @RunId";

    public RunState RunState => Enum.Parse<RunState>(State);

    public IReadOnlyList<string> UnitCodes => Units.Length == 0 ? [] : Units.Split(',');

    public PayrollRunSummary ToSummary(int chunksDone, int chunksTotal) => new(
        Id, Period, Enum.Parse<RunKind>(Kind), UnitCodes, RunState, (int)Version, (int?)PendingVersion, TriggeredBy is null ? StartedBy : $"{StartedBy}, triggered by {TriggeredBy}", At(StartedAt)!.Value, At(CalculatedAt),
        ApprovedBy, At(ApprovedAt), new RunTotals((int)People, Gross, Deductions, Net, (int)Exceptions), chunksDone, chunksTotal,
        (int)UnverifiedTables, PayDay);

    public static string JoinUnits(IEnumerable<string> units) => string.Join(',', units.Order(StringComparer.Ordinal));

    public static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

/// <summary>A row of <c>salary_run_unit</c>: a run's totals in one paying unit, counted by <see cref="RunCompletion"/> and read by the run's page.</summary>
internal sealed class UnitTotalsRow
{
    public string UnitCode { get; init; } = "";

    public long People { get; set; }

    public long Gross { get; set; }

    public long Deductions { get; set; }

    public long Net { get; set; }

    public long Exceptions { get; set; }

    public long NhiInsured { get; set; }
}
