using Payroll.Host.Security;

namespace Payroll.Tests.Host;

/// <summary>SECURITY.md rule 6 (2017: pay.taipei fell back to plain HTTP): HTTP only on loopback.</summary>
public sealed class PlainHttpGuardTests
{
    [TestCase("http://localhost:5080")]
    [TestCase("http://127.0.0.1:5080")]
    [TestCase("http://[::1]:5080")]
    [TestCase("https://0.0.0.0:5443")]
    [TestCase("https://payroll.example.gov.tw")]
    public void Allows_HttpsAnywhere_AndHttpOnLoopback(string url) =>
        Assert.DoesNotThrow(() => PlainHttpGuard.Check([url]));

    [TestCase("http://0.0.0.0:5080")]
    [TestCase("http://*:80")]
    [TestCase("http://+:80")]
    [TestCase("http://10.1.2.3:80")]
    [TestCase("http://[::]:80")]
    [TestCase("http://payroll.example.gov.tw")]
    public void Refuses_HttpOnAnyOtherAddress(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlainHttpGuard.Check(["https://localhost:5443", url]));
        Assert.That(error!.Message, Does.Contain(url));
    }

    [Test]
    public void Host_RefusesToStart_WithPlainHttpOnAllInterfaces()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Payroll.Host.PayrollWebApp.Build(["--urls", "http://0.0.0.0:18080", $"--Payroll:DataDirectory={Path.GetTempPath()}/payroll-guard-{Guid.NewGuid():N}"]));
        Assert.That(error!.Message, Does.Contain("Refusing to serve plain HTTP"));
    }
}
