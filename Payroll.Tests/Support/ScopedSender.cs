using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Composition.Messaging;
using Payroll.Modules.Contracts;

namespace Payroll.Tests.Support;

/// <summary>Sends a message through the real pipeline in a scope of its own, as a page or a job would.</summary>
internal static class ScopedSender
{
    public static async Task<TResponse> SendInScopeAsync<TResponse>(this IServiceProvider services, IRequest<TResponse> request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>
    /// A lookup between modules (a message only a handler sends), sent as a handler would: within a message that
    /// <paramref name="actor"/> (default: <see cref="TestActors.Staff"/>) was allowed to send.
    /// </summary>
    public static Task<TResponse> SendWithinAsync<TResponse>(this IServiceProvider services, IRequest<TResponse> request, Actor? actor = null) =>
        MessageRules.WithinAsync(actor ?? TestActors.Staff, () => services.SendInScopeAsync(request));
}
