using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Payroll.Tests.Support;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer package), keeping every message it accepts. <see cref="Answer"/>
/// decides per recipient: 250 accepts, 550 refuses for good, 451 asks to try later.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(port).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>The reply for a recipient address (250 by default).</summary>
    public Func<string, int> Answer { get; set; } = _ => 250;

    public static TestSmtpServer Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TestSmtpServer(port);
    }

    public IEnumerable<string> ConfigArgs() =>
        ["--Payroll:Breach:Smtp:Host=127.0.0.1", $"--Payroll:Breach:Smtp:Port={Port}", "--Payroll:Breach:Smtp:Security=None", "--Payroll:Breach:Smtp:MessageIdDomain=city.test"];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var to = transaction.To.Select(t => $"{t.User}@{t.Host}").ToList();
            var answers = to.Select(t => (Address: t, Code: server.Answer(t))).ToList();
            var code = answers.Select(a => a.Code).DefaultIfEmpty(250).Max();
            if (code != 250)
            {
                // As real servers answer: the refusal names the address (which is why the notice keeps it sealed).
                var address = answers.First(a => a.Code == code).Address;
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)code, code >= 500 ? $"5.1.1 <{address}>: mailbox unavailable" : $"4.2.1 <{address}>: try again later"));
            }

            server.Messages.Enqueue(MimeMessage.Load(new MemoryStream(buffer.ToArray())));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
