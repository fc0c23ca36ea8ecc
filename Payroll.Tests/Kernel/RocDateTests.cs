using Payroll.Modules.Kernel.Time;

namespace Payroll.Tests.Kernel;

/// <summary>DOMAIN.md §4: ROC year = Gregorian − 1911, always three digits (the 2011 民國百年 failures).</summary>
public sealed class RocDateTests
{
    [TestCase(2026, 11, 26, "115年11月26日")]
    [TestCase(2011, 1, 1, "100年01月01日")]
    [TestCase(2010, 12, 31, "099年12月31日")]
    [TestCase(1912, 1, 1, "001年01月01日")]
    public void Format_UsesThreeDigitRocYear(int y, int m, int d, string expected) =>
        Assert.That(RocDate.Format(new DateOnly(y, m, d)), Is.EqualTo(expected));

    [Test]
    public void FormatOfficial_PrefixesTheRepublic() =>
        Assert.That(RocDate.FormatOfficial(new DateOnly(2026, 11, 26)), Is.EqualTo("中華民國115年11月26日"));

    [TestCase(2026, 12, 1, "01151201")]
    [TestCase(2011, 1, 3, "01000103")]
    public void FormatCompact_IsAchStyle0YYYMMDD(int y, int m, int d, string expected) =>
        Assert.That(RocDate.FormatCompact(new DateOnly(y, m, d)), Is.EqualTo(expected));

    [Test]
    public void BeforeTheRepublic_HasNoRocYear() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RocDate.Format(new DateOnly(1911, 12, 31)));

    [TestCase("115/11/26", 2026, 11, 26)]
    [TestCase("115年11月26日", 2026, 11, 26)]
    [TestCase("1151126", 2026, 11, 26)]
    [TestCase("100/02/28", 2011, 2, 28)]
    public void TryParse_AcceptsTheUsualForms(string text, int y, int m, int d)
    {
        Assert.That(RocDate.TryParse(text, out var date), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(y, m, d)));
    }

    [TestCase("15/11/26")]
    [TestCase("115/13/01")]
    [TestCase("115/02/29")]
    [TestCase("")]
    [TestCase("abc")]
    public void TryParse_RefusesTwoDigitYearsAndImpossibleDates(string text) =>
        Assert.That(RocDate.TryParse(text, out _), Is.False);

    [Test]
    public void TaipeiDate_IsUtcPlusEight() =>
        Assert.That(RocDate.TaipeiDate(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero)), Is.EqualTo(new DateOnly(2026, 12, 1)));
}
