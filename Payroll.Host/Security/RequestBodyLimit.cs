using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Payroll.Host.Security;

/// <summary>
/// A declared body larger than the limit (<c>Payroll:Limits:MaxRequestBodyBytes</c>, or the endpoint's own) is refused
/// with 413 before anything reads it; Kestrel enforces the same limit on bodies that do not declare their length.
/// Runs after routing, so it knows the endpoint.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(static async (context, next) =>
    {
        // An endpoint may allow more ([RequestSizeLimit] on an upload page); everything else keeps the global limit.
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } endpointLimit && feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = endpointLimit;
        }

        var limit = feature?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength is { } length && length > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"The body may not exceed {max} bytes." },
            });
            return;
        }

        await next(context);
    });
}
