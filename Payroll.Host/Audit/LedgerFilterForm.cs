using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Audit;

/// <summary>The ledger filter as a GET form: dates are Taipei calendar days, the end day included.</summary>
public sealed class LedgerFilterForm : IValidatableObject
{
    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "ip")]
    [StringLength(64)]
    public string? IpRange { get; set; }

    [BindProperty(SupportsGet = true, Name = "outside")]
    public bool OutsideOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    [StringLength(64)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    [StringLength(64)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "document")]
    [StringLength(32)]
    public string? Document { get; set; }

    [BindProperty(SupportsGet = true, Name = "person")]
    [Range(1, long.MaxValue)]
    public long? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public AccessOutcome? Outcome { get; set; }

    public AccessFilter ToFilter(DateOnly today)
    {
        var from = From ?? today.AddDays(-6);
        var to = To ?? today;
        return new AccessFilter(
            RocDate.StartOfTaipeiDay(from), RocDate.StartOfTaipeiDay(to.AddDays(1)),
            string.IsNullOrWhiteSpace(IpRange) ? [] : [IpRange.Trim()],
            OutsideOnly,
            string.IsNullOrWhiteSpace(Actor) ? [] : [Actor.Trim()],
            string.IsNullOrWhiteSpace(Kind) ? [] : [Kind.Trim()],
            string.IsNullOrWhiteSpace(Document) ? null : Document.Trim(),
            Person,
            Outcome);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (From is { } f && To is { } t && f > t)
        {
            yield return new ValidationResult("「起」不可晚於「迄」 / From is after To.", [nameof(From)]);
        }

        if (!string.IsNullOrWhiteSpace(IpRange) && !Payroll.Host.Security.AddressRanges.IsValid(IpRange))
        {
            yield return new ValidationResult("「來源位址」須為位址或 CIDR 網段（例如 10.0.0.0/8） / IP must be an address or a CIDR range.", [nameof(IpRange)]);
        }
    }

    /// <summary>The query string of this filter, for paging links.</summary>
    public Dictionary<string, string?> RouteValues(int page) => new()
    {
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["ip"] = IpRange,
        ["outside"] = OutsideOnly ? "true" : null,
        ["actor"] = Actor,
        ["kind"] = Kind,
        ["document"] = Document,
        ["person"] = Person?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["outcome"] = Outcome?.ToString(),
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
