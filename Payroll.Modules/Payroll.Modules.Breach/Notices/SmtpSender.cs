using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Payroll.Modules.Breach.Notices;

/// <summary>The result of one attempt: sent, or failed permanently (the address is refused) or transiently (try later).</summary>
internal enum SendResult
{
    Sent,
    Permanent,
    Transient,
}

/// <summary>
/// Sends messages over SMTP with MailKit, keeping a few connected clients for reuse (one per worker at a time): a city's
/// notices are tens of thousands of messages. A client that failed is thrown away.
/// </summary>
internal sealed class SmtpSender(IOptions<BreachOptions> options) : IDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    public async Task<(SendResult Result, string? Error)> SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value.Smtp;
        SmtpClient? client = null;
        try
        {
            client = await RentAsync(o, ct);
            await client.SendAsync(message, ct);
            _idle.Add(client);
            return (SendResult.Sent, null);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            Discard(client);
            return (SendResult.Permanent, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException
                                       or ServiceNotConnectedException or ServiceNotAuthenticatedException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Discard(client);
            return (SendResult.Transient, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task<SmtpClient> RentAsync(SmtpOptions o, CancellationToken ct)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsConnected)
            {
                return idle;
            }

            idle.Dispose();
        }

        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await client.ConnectAsync(o.Host, o.Port, o.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        }, ct);
        if (o.User is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, o.Password ?? "", ct);
        }

        return client;
    }

    private static void Discard(SmtpClient? client)
    {
        if (client is null)
        {
            return;
        }

        try
        {
            client.Disconnect(true);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or System.Net.Sockets.SocketException)
        {
            // Already broken: nothing to close politely.
        }

        client.Dispose();
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            Discard(client);
        }
    }
}
