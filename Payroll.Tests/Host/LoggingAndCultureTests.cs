using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Payroll.Host;
using Serilog;

namespace Payroll.Tests.Host;

public sealed class LoggingTests
{
    [Test]
    public void JsonLogFormat_WritesOneJsonObjectPerEvent()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payroll:LogFormat"] = "json" }).Build();
        var original = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var config = new LoggerConfiguration();
            PayrollLogging.Configure(config, configuration);
            using (var logger = config.CreateLogger())
            {
                logger.Information("Run {RunId} calculated", 42);
            }
        }
        finally
        {
            Console.SetError(original);
        }

        var line = captured.ToString().Trim().Split('\n').Single();
        using var json = JsonDocument.Parse(line);
        Assert.That(json.RootElement.GetProperty("RunId").GetInt32(), Is.EqualTo(42));
        Assert.That(json.RootElement.GetProperty("@mt").GetString(), Is.EqualTo("Run {RunId} calculated"));
    }
}

public sealed class CultureTests(string provider) : HostFixture(provider)
{
    [Test]
    public async Task LoginPage_IsInTraditionalChinese_ByDefault_AndInEnglishOnRequest()
    {
        using var client = Host.Client();
        var zh = await client.Http.GetStringAsync("/login");
        var en = await client.Http.GetStringAsync("/login?culture=en");
        Assert.That(zh, Does.Contain("<html lang=\"zh-TW\">").And.Contain("薪資系統").And.Contain("帳號"));
        Assert.That(en, Does.Contain("<html lang=\"en\">").And.Contain("Sign in").And.Contain("User name"));
    }
}
