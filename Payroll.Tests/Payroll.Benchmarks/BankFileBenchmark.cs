using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Benchmarks;

/// <summary><c>bank</c>: writing a city's payments in each built-in format, and reading the bank's answer (no run).</summary>
internal static class BankFileBenchmark
{
    public static Command Create()
    {
        var payments = new Option<int>("--payments") { Description = "Payments in the file.", DefaultValueFactory = _ => 44_520 };
        return Bench.Verb("bank", "Time writing a bank file of the city's payments in each built-in format.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(payments), ct), payments);
    }

    /// <summary>Made-up payments, each format timed on its own (the second pass, after a warm-up), written to a temporary file.</summary>
    private static async Task<int> RunAsync(Bench bench, int count, CancellationToken ct)
    {
        var header = new TestBankFileHeader("2026-12", "0040037", "123456789012", "臺北市政府", new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), new DateOnly(2027, 1, 1));
        var random = new Random(3);
        string[] names = ["林小華", "陳大文", "王美玲", "張志明", "歐陽娜娜"];
        var credits = Enumerable.Range(1, count).Select(i => new TestBankCredit(
            string.Create(CultureInfo.InvariantCulture, $"D{i:000000}"), names[i % names.Length], "0120015",
            random.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture), random.Next(25_000, 120_000))).ToList();
        var directory = Directory.CreateTempSubdirectory("payroll-bank-bench");
        try
        {
            byte[] achp01 = [];
            foreach (var profile in new[] { "achp01", "pain001" })
            {
                var path = Path.Combine(directory.FullName, profile);
                for (var pass = 0; pass < 2; pass++)
                {
                    var watch = Stopwatch.StartNew();
                    var content = await bench.Sender.Send(new WriteTestBankFile(profile, header, credits, DemoCity.System), ct);
                    await File.WriteAllBytesAsync(path, content, ct);
                    if (pass == 1)
                    {
                        Bench.Print($"bank.write.{profile}.{count}", watch.Elapsed.TotalSeconds, "s");
                        Bench.Print($"bank.size.{profile}.{count}", new FileInfo(path).Length / 1024d / 1024d, "MiB");
                    }

                    achp01 = profile == "achp01" ? content : achp01;
                }
            }

            // The bank's answer to the ACHP01 file, every credit paid, read back.
            var answer = Achp01Answer.Of(achp01, count, _ => false);
            var read = Stopwatch.StartNew();
            var result = await bench.Sender.Send(new ReadTestBankReturn(answer, DemoCity.System), ct);
            Bench.Print($"bank.read_return.achp01.{result.Details}", read.Elapsed.TotalSeconds, "s");
            return result.Paid == count ? 0 : 1;
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
