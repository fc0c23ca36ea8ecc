using Mediator;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Audit;

/// <summary>
/// <c>GET /api/v1/audit/exposure</c>: "whose data did addresses outside the trusted networks see between A and B", for
/// auditors and compliance officers. The answer names people by id only, and the question is itself recorded.
/// </summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit/exposure", async (HttpContext http, ISender sender, string? from, string? to, bool? outside, string? ip, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var fromDay = ParseDay(from, "from", errors);
            var toDay = ParseDay(to, "to", errors);
            if (!string.IsNullOrWhiteSpace(ip) && !AddressRanges.IsValid(ip))
            {
                errors["ip"] = ["must be an address or a CIDR range, e.g. 203.0.113.0/24"];
            }

            if (fromDay is { } f && toDay is { } t && f > t)
            {
                errors["from"] = ["must not be after 'to'"];
            }

            if (errors.Count > 0 || fromDay is null || toDay is null)
            {
                return Results.ValidationProblem(errors);
            }

            var filter = new AccessFilter(
                RocDate.StartOfTaipeiDay(fromDay.Value), RocDate.StartOfTaipeiDay(toDay.Value.AddDays(1)), string.IsNullOrWhiteSpace(ip) ? [] : [ip.Trim()], outside ?? true, [], [], null, null, null);
            var exposed = await sender.Send(new GetSubjectsExposed(filter, HttpActor.From(http)), ct);
            return Results.Ok(new { from = fromDay, to = toDay, outsideTrustedOnly = filter.OutsideTrustedOnly, people = exposed.Count, subjects = exposed });
        }).RequireAuthorization(Policies.LedgerReaders);
    }

    private static DateOnly? ParseDay(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = ["required, as an ISO date (yyyy-MM-dd)"];
        return null;
    }
}
