using System.Runtime.CompilerServices;
using Payroll.Modules.BankTransfer.Formats;

namespace Payroll.Tests.BankTransfer;

/// <summary>
/// Each profile's output for a small fixed run, byte for byte against the files in <c>Golden/</c> (reviewed by hand once:
/// ACHP01 250-byte records in Big5 with CRLF, pain.001 XML, the sample JSON layout). A change to a writer shows up here
/// as a diff to review. Set PAYROLL_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly BankFile File = BankSamples.File;

    private static readonly Payment[] Payments = BankSamples.Payments;

    private static IEnumerable<TestCaseData> Profiles()
    {
        yield return new TestCaseData("achp01.txt", (Action<Stream>)(s => Achp01Writer.Write(s, File, Payments, new Achp01Options()))).SetName("Golden_achp01");
        yield return new TestCaseData("achp01-bonus-cents.txt", (Action<Stream>)(s => Achp01Writer.Write(s, File with { IsBonus = true }, Payments, new Achp01Options(AmountInCents: true)))).SetName("Golden_achp01_bonus_cents");
        yield return new TestCaseData("pain001.xml", (Action<Stream>)(s => Pain001Writer.Write(s, File, Payments))).SetName("Golden_pain001");
        yield return new TestCaseData("city-bank-120.txt", (Action<Stream>)(s => LayoutWriter.Write(s, File, Payments, Layout.Parse(LayoutTests.SampleLayout)))).SetName("Golden_json_layout");
    }

    [TestCaseSource(nameof(Profiles))]
    public void Output_IsTheGoldenFile(string name, Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        var actual = stream.ToArray();

        if (Environment.GetEnvironmentVariable("PAYROLL_UPDATE_GOLDEN") == "1")
        {
            System.IO.File.WriteAllBytes(Path.Combine(SourceDirectory(), "Golden", name), actual);
        }

        var golden = System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "BankTransfer", "Golden", name));
        Assert.That(actual, Is.EqualTo(golden), $"{name} differs from its golden file");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
