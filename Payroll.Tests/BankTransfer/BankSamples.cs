using Payroll.Modules.BankTransfer.Formats;

namespace Payroll.Tests.BankTransfer;

/// <summary>The small fixed run every format test writes: one payer account, three people (one with a four-character name).</summary>
internal static class BankSamples
{
    public static readonly BankFile File = new(
        7, "2026-12", false, "0040037", "123456789012", "臺北市政府", new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), new DateOnly(2027, 1, 1));

    public static readonly Payment[] Payments =
    [
        new(1, "D000001", "林小華", "0120015", "00012345678901", 52_000),
        new(2, "D000002", "陳大文", "0040037", "1234567890", 48_123),
        new(3, "D000003", "歐陽娜娜", "0070001", "9876543210123456", 1),
    ];
}
