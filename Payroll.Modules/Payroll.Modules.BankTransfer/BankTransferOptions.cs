namespace Payroll.Modules.BankTransfer;

/// <summary>Settings of the BankTransfer module (<c>Payroll:Bank</c>).</summary>
public sealed class BankTransferOptions
{
    /// <summary>The profile of a payer account that has none of its own: <c>achp01</c>, <c>pain001</c> or a layout's name.</summary>
    public string DefaultProfile { get; set; } = "achp01";

    /// <summary>Where bank layouts described in JSON live (one <c>NAME.json</c> per layout); the host puts it in the data directory.</summary>
    public string LayoutDirectory { get; set; } = "bank-layouts";

    /// <summary>ACHP01: the encoding of names (Big5 by default).</summary>
    public string Achp01Encoding { get; set; } = "big5";

    /// <summary>ACHP01: amounts in hundredths of NT$ rather than whole dollars (unconfirmed which one the clearing house wants [U]).</summary>
    public bool Achp01AmountInCents { get; set; }

    /// <summary>
    /// Replacements for characters of names a profile's encoding cannot write (e.g. <c>"𡘙": "○"</c>). Without one, such
    /// a name stops the file for that person; with one, the replacement is made and reported with the file.
    /// </summary>
    public Dictionary<string, string> NameSubstitutions { get; set; } = [];
}
