using System.Globalization;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>A pay period: one calendar month, written <c>2026-12</c>.</summary>
internal readonly record struct PayPeriod(int Year, int Month)
{
    public DateOnly Start => new(Year, Month, 1);

    public DateOnly End => Start.AddMonths(1).AddDays(-1);

    public int Days => DateTime.DaysInMonth(Year, Month);

    public PayPeriod Previous => Month == 1 ? new PayPeriod(Year - 1, 12) : new PayPeriod(Year, Month - 1);

    public static PayPeriod Parse(string? text, string field = "period")
    {
        if (text is { Length: 7 } && text[4] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && year is >= 1912 and <= 9999 && month is >= 1 and <= 12)
        {
            return new PayPeriod(year, month);
        }

        throw new InvalidInputException([new InputError(null, field, $"\"{text}\" is not a pay period; write it as yyyy-MM, e.g. 2026-12")]);
    }

    public static PayPeriod Of(DateOnly day) => new(day.Year, day.Month);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}
