using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;

namespace Payroll.Tests.Support;

/// <summary>The actors tests send messages as, each allowed exactly what its real counterpart is.</summary>
internal static class TestActors
{
    /// <summary>
    /// A member of staff holding every role but PayrollApprover and Employee: prepares what a test needs (seeds, imports,
    /// starts runs); an approver is always someone else, as the four-eyes rules require.
    /// </summary>
    public static readonly Actor Staff = Actor.User(
        900_001, "test-staff", [Roles.Admin, Roles.Auditor, Roles.ComplianceOfficer, Roles.HrClerk, Roles.PayrollOperator]);

    /// <summary>An auditor: reads the ledger and the exposure query.</summary>
    public static readonly Actor Auditor = Actor.User(900_002, "test-auditor", [Roles.Auditor]);

    /// <summary>The document retention job.</summary>
    public static readonly Actor DocumentRetention = Actor.Job("vault-document-retention");

    /// <summary>A payroll worker calculating a chunk (the job's actor).</summary>
    public static readonly Actor Chunk = Actor.Job("payroll-chunk");

    /// <summary>The payroll sweeper job.</summary>
    public static readonly Actor PayrollSweeper = Actor.Job("payroll-sweeper");

    /// <summary>The breach notice jobs.</summary>
    public static readonly Actor Notices = Actor.Job("breach-notice");

    /// <summary>The breach notice sweeper job.</summary>
    public static readonly Actor NoticeSweeper = Actor.Job("breach-notice-sweeper");
}
