using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payroll.Host;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Tests.Support;

/// <summary>
/// The real host on Kestrel, HTTPS (self-signed) and HTTP on loopback with free ports, against a <see cref="TestDatabase"/>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, TestDatabase database, TestClock clock, Uri https, Uri http)
    {
        App = app;
        Database = database;
        Clock = clock;
        HttpsAddress = https;
        HttpAddress = http;
    }

    public WebApplication App { get; }

    public TestDatabase Database { get; }

    public TestClock Clock { get; }

    public Uri HttpsAddress { get; }

    public Uri HttpAddress { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestHost> StartAsync(
        TestDatabase database, string role = "web", IEnumerable<string>? extraArgs = null, Action<IEndpointRouteBuilder>? mapEndpoints = null)
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        string[] args =
        [
            "--urls", "https://127.0.0.1:0;http://127.0.0.1:0",
            $"--Payroll:Role={role}",
            "--Payroll:Jobs:WorkerCount=2",
            .. database.ConfigArgs(),
            .. extraArgs ?? [],
        ];
        var app = PayrollWebApp.Build(args, services => services.Replace(ServiceDescriptor.Singleton<IClock>(clock)), mapEndpoints);
        await PayrollWebApp.PrepareAsync(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        var http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return new TestHost(app, database, clock, https, http);
    }

    /// <summary>A browser-like client: its own cookie jar, no automatic redirects, trusts the self-signed certificate.</summary>
    public TestClient Client() => new(this);

    public Task<NewAccount> AddUserAsync(string username, bool totp, params string[] roles) =>
        SendAsync(new CreateAccount(username, roles, totp, null, TestActors.Staff));

    /// <summary>An Employee account linked to a person.</summary>
    public Task<NewAccount> AddEmployeeUserAsync(string username, string employeeNo) =>
        SendAsync(new CreateAccount(username, [Roles.Employee], false, employeeNo, TestActors.Staff));

    /// <summary>Sends a message through the host's pipeline, in its own scope.</summary>
    public Task<TResponse> SendAsync<TResponse>(Mediator.IRequest<TResponse> request) =>
        Services.SendInScopeAsync(request);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
