using System.Diagnostics;
using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Payroll.Host.Shell;
using Payroll.Host.Security;
using Payroll.Jobs;
using Serilog;
using Payroll.Modules.Composition;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Host;

/// <summary>Builds the web host: secure defaults first, then pages, API, health and the job dashboard.</summary>
public static class PayrollWebApp
{
    public const string DefaultUrl = "https://localhost:5443";

    /// <summary>
    /// Builds (but does not start) the host. <paramref name="configureServices"/> and <paramref name="mapEndpoints"/> let
    /// tests replace the clock and add endpoints; endpoints added that way sit behind the same pipeline and policies.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null, Action<IEndpointRouteBuilder>? mapEndpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Pages are found in this assembly whoever started the process (the CLI, a service manager, the tests).
            ApplicationName = typeof(PayrollWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var configuration = builder.Configuration;
        var role = HostRoles.Parse(configuration["Payroll:Role"] ?? configuration["role"]);
        var dataDirectory = DataDirectory.Of(configuration);

        builder.Services.AddSerilog((_, logger) => PayrollLogging.Configure(logger, configuration));

        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        PlainHttpGuard.Check(urls);
        builder.WebHost.UseUrls(urls);
        var certificate = TlsCertificate.Load(configuration, dataDirectory);
        var maxBody = configuration.GetValue<long?>("Payroll:Limits:MaxRequestBodyBytes") ?? 1_048_576;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
            });
        });

        var services = builder.Services;
        services.AddPayroll(configuration);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = maxBody;
            o.ValueCountLimit = 2048;
        });

        // Traditional Chinese is written as characters, not as numeric entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<AnonymousDownloadRefusals>();
        services.AddPayrollRateLimits();
        // Pages live in their module's edge folder (Salary/Run.cshtml), each declaring its route.
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.ConfigureFilter(new Shell.UnknownPageHandlerFilter());
            o.Conventions.ConfigureFilter(new Shell.BusinessErrorPageFilter());
        }).AddViewLocalization().AddDataAnnotationsLocalization(o =>
            o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = ["zh-TW", "en"];
            o.SetDefaultCulture("zh-TW").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddAuthentication(SessionCookie.Scheme).AddCookie(SessionCookie.Scheme, o =>
        {
            var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
            o.Cookie.Name = "__Host-payroll";
            o.Cookie.Path = "/";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = security.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/Login";
            o.LogoutPath = "/Logout";
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = SessionCookie.ValidateAsync,
                OnRedirectToLogin = ctx => ChallengeAsync(ctx, StatusCodes.Status401Unauthorized),
                // A signed-in user without the right gets 403, never a redirect that hides it.
                OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization(Policies.Configure);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-payroll-af";
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["correlationId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<DatabaseOutageHandler>();
        services.AddExceptionHandler<BusinessErrorHandler>();
        services.AddHttpsRedirection(o =>
        {
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            if (configuration.GetValue<int?>("Payroll:HttpsPort") is { } port)
            {
                o.HttpsPort = port;
            }
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in configuration.GetSection("Payroll:Network:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        if (role.RunsJobs())
        {
            var workers = configuration.GetValue<int?>("Payroll:Jobs:WorkerCount") ?? Math.Max(2, Environment.ProcessorCount);
            var perQueue = configuration.GetSection("Payroll:Jobs:Queues").Get<Dictionary<string, int>>() ?? [];
            foreach (var template in JobStorageSetup.Servers(perQueue, workers, $"{Environment.MachineName}:{Environment.ProcessId}"))
            {
                services.AddHangfireServer(o =>
                {
                    o.Queues = template.Queues;
                    o.WorkerCount = template.WorkerCount;
                    o.ServerName = template.ServerName;
                    o.ShutdownTimeout = template.ShutdownTimeout;
                });
            }
        }

        configureServices?.Invoke(services);

        var app = builder.Build();
        Configure(app, role, configuration);
        mapEndpoints?.Invoke(app);
        return app;
    }

    private static void Configure(WebApplication app, HostRole role, IConfiguration configuration)
    {
        app.UsePayrollSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if ((configuration.GetSection("Payroll:Network:KnownProxies").Get<string[]>() ?? []).Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseHttpsRedirection();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        // The query string is logged too, as a reverse proxy's log has it: no page or API takes a name, a national ID or an
        // account number in its address (they are posted), and the security scan checks this log for them.
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath}{RequestQuery:l} responded {StatusCode} in {Elapsed:0.0} ms";
            o.EnrichDiagnosticContext = (context, http) => context.Set("RequestQuery", http.Request.QueryString.Value ?? "");
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseRequestBodyLimit();
        app.UseUploadBuffering(UploadBuffering.Directory(configuration));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseDashboardActionLedger();

        app.MapPublicEndpoints();
        app.MapHealthEndpoints();
        if (role.ServesWeb())
        {
            app.MapRazorPages();
            app.MapApiEndpoints();
            app.MapVaultEndpoints();
            app.MapModuleEndpoints();
            app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [new HangfireDashboardAuthorization()],
                IsReadOnlyFunc = HangfireDashboardAuthorization.IsReadOnly,
                DisplayStorageConnectionString = false,
                AppPath = "/",
                DashboardTitle = "Payroll jobs",
            }).RequireAuthorization(Policies.DashboardViewers);
        }
    }

    /// <summary>Before serving: migrate every module, then (re)register the recurring jobs. Safe on every host at every start.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await PayrollModules.PrepareDatabaseAsync(app.Services, cancellationToken);
        RecurringSchedule.RegisterAtStart(
            app.Services.GetRequiredService<IRecurringJobManager>(), app.Configuration.GetSection("Payroll:Jobs").Get<ScheduleOptions>(),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RecurringSchedule)), app.Lifetime.ApplicationStopping);
    }

    /// <summary>Pages redirect to the login page; API and health calls get a plain 401.</summary>
    private static Task ChallengeAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int apiStatus)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments(VaultEndpoints.DownloadPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return VaultEndpoints.RefuseAnonymousDownloadAsync(ctx.HttpContext);
        }

        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/readyz"))
        {
            ctx.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Anchor type of the shared string resources (Resources/SharedResource.resx, zh-TW; .en.resx, English).</summary>
public sealed class SharedResource;
