namespace Payroll.Modules.Contracts.Authorization;

/// <summary>
/// The actors that are not a person, each with the short list of messages that name it in their <see cref="SentByAttribute"/>.
/// Only the job assembly, the composition (release) and the console's bootstrap verbs build them (architecture rule 7).
/// </summary>
public static class SystemActors
{
    /// <summary>The monthly schedule: starts the month's regular run and finishes runs whose chunks are done.</summary>
    public const string MonthlyPayroll = "job:payroll-monthly";

    /// <summary>A chunk of a run, calculated by a worker (or by the command line's <c>--wait</c> on this machine).</summary>
    public const string PayrollChunk = "job:payroll-chunk";

    /// <summary>Finds payroll work that stalled (a lost chunk, a run whose chunks are all done) and finishes it.</summary>
    public const string PayrollSweeper = "job:payroll-sweeper";

    /// <summary>Breach notices: the fan-out and one job per notice.</summary>
    public const string BreachNotice = "job:breach-notice";

    /// <summary>Re-queues notices that stalled.</summary>
    public const string NoticeSweeper = "job:breach-notice-sweeper";

    /// <summary>Deletes documents past their retention.</summary>
    public const string DocumentRetention = "job:vault-document-retention";

    /// <summary>Writes the access ledger's checkpoint.</summary>
    public const string AuditCheckpoint = "job:vault-audit-checkpoint";

    /// <summary>Loads the reference tables that ship with a release.</summary>
    public const string Release = "system:release";

    /// <summary><c>payroll demo seed</c>: a demo city, only in a database without real people.</summary>
    public const string DemoSeed = "system:demo-seed";

    /// <summary><c>payroll user add</c> on a database with no enabled administrator: the installation's first account.</summary>
    public const string Install = "system:install";

    /// <summary><c>payroll restore</c>: verifies the ledger of a backup just restored into an empty database.</summary>
    public const string Restore = "system:restore";

    /// <summary>The sizing benchmarks: synthetic ledgers and test bank files.</summary>
    public const string Benchmark = "system:benchmark";
}
