using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Shell;

/// <summary>
/// The one place a page turns a business refusal into what the user sees: the page again with the refusal's messages
/// (each bad field by name), status 422 for bad input, 409 for a state that forbids it, 403 for a rule about who may;
/// a 404 for what does not exist. Any other exception passes on to the exception handler: a 500, logged, never shown.
/// </summary>
internal sealed class BusinessErrorPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not BusinessException error || executed.ExceptionHandled)
        {
            return;
        }

        executed.ExceptionHandled = true;
        if (error is NotFoundException || context.HandlerInstance is not IProblemPage page)
        {
            executed.Result = new StatusCodeResult(StatusCode(error));
            return;
        }

        page.Problems = Messages(error);
        executed.HttpContext.Response.StatusCode = StatusCode(error);
        executed.Result = await page.ShowAgainAsync(executed.HttpContext.RequestAborted);
    }

    public static int StatusCode(BusinessException error) => error switch
    {
        InvalidInputException => StatusCodes.Status422UnprocessableEntity,
        ConflictException => StatusCodes.Status409Conflict,
        RefusedException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IReadOnlyList<string> Messages(BusinessException error) =>
        error is InvalidInputException invalid ? invalid.Errors.Select(e => e.ToString()).ToList() : [error.Message];
}
