using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Payroll.Host.Shell;

/// <summary>
/// A request for which the page has no handler (a POST naming a handler it does not have, <c>?handler=anything</c>, or a
/// POST to a page that takes none) answers 404. Without this Razor Pages renders the page with nothing loaded, which
/// fails with a 500 (found by the web scan: <c>POST /Salary/Run?handler=https://…</c>). A GET naming an unknown handler
/// already falls back to the page's <c>OnGet</c>.
/// </summary>
internal sealed class UnknownPageHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var namesAHandler = request.Query.ContainsKey("handler") || context.RouteData.Values.ContainsKey("handler");
        if (context.HandlerMethod is null && (namesAHandler || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))))
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}
