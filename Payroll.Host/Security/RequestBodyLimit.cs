using Microsoft.AspNetCore.Http.Features;

namespace Payroll.Host.Security;

/// <summary>
/// A declared body larger than the limit (<c>Payroll:Limits:MaxRequestBodyBytes</c>) is refused with 413 before
/// anything reads it; Kestrel enforces the same limit on bodies that do not declare their length.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(static async (context, next) =>
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
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
