namespace Payroll.Modules.Salary;

/// <summary>Settings of the Salary module (<c>Payroll:Salary</c>).</summary>
public sealed class SalaryOptions
{
    /// <summary>People per chunk: one job calculates and writes one chunk in one transaction.</summary>
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>How long a worker holds a chunk before another may take it over (a crashed worker's chunk).</summary>
    public TimeSpan ChunkLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a chunk may wait in the queue, untouched, before the sweeper enqueues it again.</summary>
    public TimeSpan ChunkQueueTimeout { get; set; } = TimeSpan.FromMinutes(15);


    /// <summary>How many months before its own a retroactive run looks back (補發 and 追扣 beyond it are settled by hand).</summary>
    public int RetroactivePeriods { get; set; } = 6;

    /// <summary>
    /// Whether an approver may approve a run that read a table version not yet verified, by acknowledging each such
    /// table by name (its payslips and registers then carry the trial mark). Off by default, and off in production: there
    /// such a run waits until an administrator verifies the tables. The demo turns it on.
    /// </summary>
    public bool AllowUnverifiedTables { get; set; }
}
