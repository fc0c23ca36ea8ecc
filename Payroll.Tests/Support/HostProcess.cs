using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Payroll.Tests.Support;

/// <summary>
/// A real <c>Payroll.Host</c> process (the build the tests run from): a web or worker host on a loopback port, or a CLI
/// verb. Its console output is kept for assertions; it can be stopped the way an operator (SIGTERM) or a crash (SIGKILL)
/// stops it.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(IEnumerable<string> args, int? port, string? input = null)
    {
        Port = port;
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Payroll.Host"))
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (input is not null)
        {
            _process.StandardInput.Write(input);
            _process.StandardInput.Close();
        }
    }

    public int Id => _process.Id;

    /// <summary>The HTTPS port of a served host.</summary>
    public int? Port { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _output);

    /// <summary><c>serve --role ROLE</c> on a free loopback port, with the given configuration arguments.</summary>
    public static HostProcess Serve(string role, IEnumerable<string> settings)
    {
        var port = FreePort();
        return new HostProcess(new[] { "serve", "--role", role, "--urls", $"https://127.0.0.1:{port}" }.Concat(AsSet(settings)), port);
    }

    /// <summary>A CLI verb (<c>run start ...</c>) with the given configuration arguments after it.</summary>
    public static HostProcess Cli(IEnumerable<string> verb, IEnumerable<string> settings) => new(verb.Concat(AsSet(settings)), null);

    /// <summary>A verb in a process of its own, acting as <paramref name="user"/>: its password and a code of the real clock on standard input.</summary>
    public static HostProcess CliAs(CliUser user, IEnumerable<string> verb, IEnumerable<string> settings) =>
        new(verb.Concat(["--as", user.Name]).Concat(AsSet(settings)), null, user.CredentialsAtRealTime());

    /// <summary>Configuration arguments (<c>--Section:Key=value</c>) as the command line takes them: <c>--set Section:Key=value</c>.</summary>
    public static IEnumerable<string> AsSet(IEnumerable<string> settings) =>
        settings.SelectMany(s => s.StartsWith("--", StringComparison.Ordinal) && s.Contains(':', StringComparison.Ordinal) ? new[] { "--set", s[2..] } : [s]);

    /// <summary>Waits until <c>/healthz</c> answers (the host has migrated and is serving).</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the host did not serve within {timeout}:\n{Output}");
    }

    /// <summary>SIGTERM: what a service manager sends to stop a host; the host shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: a crash; nothing in the host runs after it.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
