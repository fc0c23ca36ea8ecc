using Mediator;
using Microsoft.Extensions.Logging;
using Payroll.Modules.Composition.Messaging;

namespace Payroll.Tests.Composition;

/// <summary>SECURITY.md "Logs": the pipeline logs which message ran, never what it carried.</summary>
public sealed class MessageLoggingBehaviorTests
{
    public sealed record SampleRequest(string NationalId, long Amount) : IRequest<string>;

    [Test]
    public async Task Success_LogsTypeAndTime_NotTheBodyOrResponse()
    {
        var logger = new ListLogger();
        var behavior = new MessageLoggingBehavior<SampleRequest, string>(logger);
        var response = await behavior.Handle(new SampleRequest("A123456789", 54160), (_, _) => ValueTask.FromResult("王小明 0123456789"), CancellationToken.None);
        Assert.That(response, Is.EqualTo("王小明 0123456789"));
        Assert.That(logger.Lines, Has.Count.EqualTo(1));
        Assert.That(logger.Lines[0], Does.Contain("SampleRequest"));
        Assert.That(string.Join("\n", logger.Lines), Does.Not.Contain("A123456789").And.Not.Contain("54160").And.Not.Contain("王小明"));
    }

    [Test]
    public void Failure_LogsTheExceptionType_NotItsMessage()
    {
        var logger = new ListLogger();
        var behavior = new MessageLoggingBehavior<SampleRequest, string>(logger);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await behavior.Handle(
            new SampleRequest("A123456789", 1), (_, _) => throw new InvalidOperationException("bad account 0123456789 for A123456789"), CancellationToken.None));
        Assert.That(logger.Lines.Single(), Does.Contain("InvalidOperationException").And.Not.Contain("A123456789").And.Not.Contain("0123456789"));
        Assert.That(logger.Exceptions, Is.Empty, "the exception object (with its message) is not handed to the log");
    }

    private sealed class ListLogger : ILogger<MessageLoggingBehavior<SampleRequest, string>>
    {
        public List<string> Lines { get; } = [];

        public List<Exception> Exceptions { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception) + " " + string.Join(",", (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(kv => kv.Value) ?? []));
            if (exception is not null)
            {
                Exceptions.Add(exception);
            }
        }
    }
}
