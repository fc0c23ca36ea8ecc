using Microsoft.AspNetCore.Diagnostics;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Shell;

/// <summary>
/// The API's (and any request's) mapping of a business refusal that no page showed: a ProblemDetails with the status of
/// <see cref="BusinessErrorPageFilter.StatusCode"/>, the message as its detail and, for bad input, each field's problems.
/// </summary>
internal sealed class BusinessErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BusinessException error)
        {
            return false;
        }

        // The API answers bad input with 400, as for its own parameters; pages show it with 422.
        httpContext.Response.StatusCode = error is InvalidInputException && httpContext.Request.Path.StartsWithSegments("/api")
            ? StatusCodes.Status400BadRequest
            : BusinessErrorPageFilter.StatusCode(error);
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = httpContext.Response.StatusCode, Detail = error.Message };
        if (error is InvalidInputException invalid)
        {
            details.Extensions["errors"] = invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray());
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
