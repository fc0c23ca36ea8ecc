namespace Payroll.Modules.Salary.Calculation;

/// <summary>Every rounding the rules name, in one place. Amounts are whole NT$.</summary>
internal static class Rounding
{
    /// <summary>四捨五入 to NT$1: premiums, contributions, withholding.</summary>
    public static long HalfUp(decimal amount) => (long)Math.Round(amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>Down to NT$1: limits (a garnishment never exceeds its cap by rounding).</summary>
    public static long Down(decimal amount) => (long)Math.Floor(amount);
}
