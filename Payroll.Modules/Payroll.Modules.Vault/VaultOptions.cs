namespace Payroll.Modules.Vault;

/// <summary>Bound from <c>Payroll:Vault</c> by the host.</summary>
public sealed class VaultOptions
{
    /// <summary>Address ranges (CIDR) of the organisation's own networks; "outside" means not in any of them.</summary>
    public List<string> TrustedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>
    /// Where the daily checkpoint of the chains' head hashes is appended; keep it off the database host. Empty (the
    /// default): <c>audit-checkpoints.log</c> in the key directory (<c>Payroll:KeyDirectory</c>), apart from the data, so
    /// that a copy or backup of the data directory does not carry the proof with it. A relative path is taken from the
    /// data directory. Resolved once, with the other key paths (<c>KeyDirectory.Resolve</c>).
    /// </summary>
    public string CheckpointFile { get; set; } = "";

    /// <summary>How long a download grant lives.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Document kinds: who may download each and how long it is kept. Unknown kinds are refused.</summary>
    public Dictionary<string, DocumentKindPolicy> Kinds { get; set; } = DocumentKindPolicy.Defaults();
}

public sealed class DocumentKindPolicy
{
    /// <summary>Roles that may download documents of this kind, whoever is in them.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>An <c>Employee</c> may download a document of this kind when they are its only subject (their own payslip).</summary>
    public bool SubjectMayRead { get; set; }

    public int RetentionDays { get; set; } = 365;

    public static Dictionary<string, DocumentKindPolicy> Defaults() => new(StringComparer.Ordinal)
    {
        ["payroll-register"] = new() { Roles = [Contracts.Authorization.Roles.PayrollOperator, Contracts.Authorization.Roles.PayrollApprover, Contracts.Authorization.Roles.Auditor], RetentionDays = 3653 },
        ["employer-costs"] = new() { Roles = [Contracts.Authorization.Roles.PayrollOperator, Contracts.Authorization.Roles.PayrollApprover, Contracts.Authorization.Roles.Auditor], RetentionDays = 3653 },
        ["payslip"] = new() { Roles = [Contracts.Authorization.Roles.PayrollOperator], SubjectMayRead = true, RetentionDays = 1827 },
        ["bank-file"] = new() { Roles = [Contracts.Authorization.Roles.PayrollOperator, Contracts.Authorization.Roles.PayrollApprover], RetentionDays = 400 },
        ["personnel-export"] = new() { Roles = [Contracts.Authorization.Roles.HrClerk], RetentionDays = 30 },
        ["breach-letter"] = new() { Roles = [Contracts.Authorization.Roles.ComplianceOfficer], RetentionDays = 1827 },
        ["breach-evidence"] = new() { Roles = [Contracts.Authorization.Roles.ComplianceOfficer, Contracts.Authorization.Roles.Auditor], RetentionDays = 1827 },
        ["ledger-export"] = new() { Roles = [Contracts.Authorization.Roles.Auditor, Contracts.Authorization.Roles.ComplianceOfficer], RetentionDays = 365 },
    };
}
