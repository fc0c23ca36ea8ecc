using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Vault;

namespace Payroll.Host.Shell;

/// <summary>
/// Document downloads (SECURITY.md rules 2 and 5): a grant is asked for with a POST, and the download URL carries
/// only the grant id. Anyone else, a second use or a late use gets 404, and the attempt is in the ledger.
/// </summary>
internal static class VaultEndpoints
{
    public const string DownloadPrefix = "/documents/download/";

    public static void MapVaultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(DownloadPrefix + "{grantId}", async (string grantId, HttpContext http, ISender sender, CancellationToken ct) =>
        {
            var content = await sender.Send(new RedeemDownload(grantId, HttpActor.From(http)), ct);
            if (content is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = content.FileName, DispositionType = "attachment" }.ToString();
            return Results.Bytes(content.Content, content.ContentType);
        });

        // API: POST with the anti-forgery header (X-CSRF-TOKEN), answers where to download within 5 minutes.
        app.MapPost("/api/v1/documents/{documentId}/grants", async (string documentId, HttpContext http, IAntiforgery antiforgery, ISender sender, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token", detail: "Send the X-CSRF-TOKEN header.");
            }

            var grant = await sender.Send(new RequestDownload(documentId, HttpActor.From(http)), ct);
            return grant is null
                ? Results.NotFound()
                : Results.Json(new { downloadUrl = DownloadPrefix + grant.GrantId, expiresAt = grant.ExpiresAt }, statusCode: StatusCodes.Status201Created);
        });

        // The token for that header, for API clients that signed in with the pages.
        app.MapGet("/api/v1/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            Results.Ok(new { header = "X-CSRF-TOKEN", token = antiforgery.GetAndStoreTokens(http).RequestToken }));
    }

    /// <summary>
    /// An anonymous request for a download: 404 like any other refusal (not a login redirect). Nobody signed in can hold
    /// a grant, so a stranger's requests are not each a ledger row (an unbounded write anyone could cause): the first
    /// from an address in a minute is recorded, the others only counted, and each address's count is logged as its minute
    /// closes (a count, not the addresses). A path without a grant id is the same 404.
    /// </summary>
    public static async Task RefuseAnonymousDownloadAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        var path = http.Request.Path.Value ?? "";
        var grantId = path.Length > DownloadPrefix.Length ? path[DownloadPrefix.Length..] : "";
        var refusals = http.RequestServices.GetRequiredService<AnonymousDownloadRefusals>();
        if (grantId.Length > 0 && refusals.CountAndSayIfFirst(http.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            await http.RequestServices.GetRequiredService<ISender>().Send(new RedeemDownload(grantId, HttpActor.From(http)), http.RequestAborted);
        }
    }
}

/// <summary>Anonymous download refusals per client address and minute (see <see cref="VaultEndpoints.RefuseAnonymousDownloadAsync"/>).</summary>
internal sealed class AnonymousDownloadRefusals(Payroll.Modules.Kernel.Time.IClock clock, ILogger<AnonymousDownloadRefusals> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _minute = -1;

    /// <summary>Counts one refusal from <paramref name="address"/>; true when it is the first from there this minute.</summary>
    public bool CountAndSayIfFirst(string address)
    {
        var minute = clock.UtcNow.ToUnixTimeSeconds() / 60;
        lock (_gate)
        {
            if (minute != _minute)
            {
                // No address in the log (it identifies a person): the ledger row of each address's first refusal has it.
                if (_counts.Values.Sum() is var total and > 0 && total > _counts.Count)
                {
                    logger.LogWarning("Anonymous download requests refused: {Count} from {Addresses} addresses in the minute {Minute:o}", total, _counts.Count, DateTimeOffset.FromUnixTimeSeconds(_minute * 60));
                }

                _counts.Clear();
                _minute = minute;
            }

            var seen = _counts.GetValueOrDefault(address) + 1;
            _counts[address] = seen;
            return seen == 1;
        }
    }
}
