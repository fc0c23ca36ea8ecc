namespace Payroll.Modules.Breach;

/// <summary>Settings of the Breach module (<c>Payroll:Breach</c>).</summary>
public sealed class BreachOptions
{
    /// <summary>The organisation's own address ranges; the host fills them from <c>Payroll:Vault:TrustedNetworks</c> so both agree.</summary>
    public List<string> TrustedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>When the 2025 amendment's rules apply to incidents recorded without a rule set (null: not yet in force).</summary>
    public DateTimeOffset? Pdpa2025EffectiveFrom { get; set; }
}
