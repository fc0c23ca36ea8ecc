using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Payroll.Tests.Support;

/// <summary>Sends a message through the real pipeline in a scope of its own, as a page or a job would.</summary>
internal static class ScopedSender
{
    public static async Task<TResponse> SendInScopeAsync<TResponse>(this IServiceProvider services, IRequest<TResponse> request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }
}
