using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Payroll.Modules.Composition.Messaging;

/// <summary>
/// Logs which message ran, how long it took and whether it failed. Never the message body or the response:
/// messages carry personal data and amounts (SECURITY.md, "Logs").
/// </summary>
public sealed class MessageLoggingBehavior<TMessage, TResponse>(ILogger<MessageLoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("Message {MessageType} handled in {ElapsedMs} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            // The exception type only: exception messages may quote input values.
            logger.LogError("Message {MessageType} failed after {ElapsedMs} ms with {ExceptionType}", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}
