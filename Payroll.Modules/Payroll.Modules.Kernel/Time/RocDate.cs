using System.Globalization;

namespace Payroll.Modules.Kernel.Time;

/// <summary>
/// Republic of China (民國) dates: ROC year = Gregorian year − 1911, always written with three digits
/// (the 2011 「民國百年」 failures came from two-digit years).
/// </summary>
public static class RocDate
{
    /// <summary>Time zone of every business date in the system.</summary>
    public static readonly TimeZoneInfo Taipei = TimeZoneInfo.FindSystemTimeZoneById("Asia/Taipei");

    public const int Offset = 1911;

    public static int RocYear(DateOnly date)
    {
        if (date.Year <= Offset)
        {
            throw new ArgumentOutOfRangeException(nameof(date), "Dates before 民國元年 (1912) have no ROC year.");
        }

        return date.Year - Offset;
    }

    /// <summary><c>115年11月26日</c></summary>
    public static string Format(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{RocYear(date):000}年{date.Month:00}月{date.Day:00}日");

    /// <summary><c>中華民國115年11月26日</c>, as on official documents.</summary>
    public static string FormatOfficial(DateOnly date) => "中華民國" + Format(date);

    /// <summary>Bank-file form <c>0YYYMMDD</c> (ACH): zero, then the three-digit ROC year, month, day.</summary>
    public static string FormatCompact(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"0{RocYear(date):000}{date.Month:00}{date.Day:00}");

    /// <summary>Midnight in Taipei at the start of <paramref name="day"/>: calendar-day filters become instants.</summary>
    public static DateTimeOffset StartOfTaipeiDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Taipei.GetUtcOffset(midnight));
    }

    /// <summary>Taiwan's offset from UTC (no daylight saving time since 1980).</summary>
    public static readonly TimeSpan TaipeiOffset = TimeSpan.FromHours(8);

    /// <summary>The same instant on Taipei's clock (for showing a time of day).</summary>
    public static DateTimeOffset InTaipei(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Taipei);

    /// <summary>The Taipei calendar date of an instant.</summary>
    public static DateOnly TaipeiDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Taipei).DateTime);

    /// <summary>Parses <c>115/11/26</c>, <c>115年11月26日</c> or <c>1151126</c>; the year must be three digits.</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var digits = new string(text.Trim().Select(c => char.IsAsciiDigit(c) ? c : ' ').ToArray());
        var parts = digits.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 && parts[0].Length == 7)
        {
            parts = [parts[0][..3], parts[0][3..5], parts[0][5..]];
        }

        if (parts.Length != 3 || parts[0].Length != 3)
        {
            return false;
        }

        var y = int.Parse(parts[0], CultureInfo.InvariantCulture) + Offset;
        var m = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var d = int.Parse(parts[2], CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m) || y <= Offset)
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }
}
