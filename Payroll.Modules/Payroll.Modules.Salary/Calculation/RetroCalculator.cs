using System.Globalization;
using Payroll.Modules.Salary.Tables;
using static Payroll.Modules.Salary.Calculation.PayCalculator;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>One earlier month for a retroactive run: its pay recalculated now (null: not paid at all now), and what was paid for it, by line code.</summary>
internal sealed record RetroMonth(PayPeriod Period, PayResult? Now, IReadOnlyDictionary<string, long> Paid);

/// <summary>
/// 補發／追扣: for each earlier month, every line whose recalculated amount differs from what was paid for it (the
/// original payslip plus earlier differences), as a line <c>RETRO:yyyy-MM:CODE</c> of the difference. Pure.
/// </summary>
internal static class RetroCalculator
{
    /// <summary>Null when nothing differs; an exception when a month cannot be recalculated, or when the net is a recovery.</summary>
    public static PayResult? Differences(PayPeriod period, IReadOnlyList<RetroMonth> months, bool hasBankAccount)
    {
        var lines = new List<PayLine>();
        foreach (var month in months.OrderBy(m => m.Period.ToString(), StringComparer.Ordinal))
        {
            if (month.Now?.Exception is { } problem && month.Now.Lines.Count == 0)
            {
                return Result(lines, 0, period, $"{month.Period}：{problem}");
            }

            var now = month.Now?.Lines.ToDictionary(l => l.Code) ?? [];
            foreach (var code in now.Keys.Union(month.Paid.Keys).Order(StringComparer.Ordinal))
            {
                // Garnishment is settled payment by payment against the order's balance; a difference does not reopen it.
                if (PayCodes.Root(code) == PayCodes.Garnishment)
                {
                    continue;
                }

                var recalculated = now.TryGetValue(code, out var line) ? line.Amount : 0;
                var paid = month.Paid.GetValueOrDefault(code);
                if (recalculated != paid)
                {
                    lines.Add(new PayLine(
                        PayCodes.Retro(month.Period.ToString(), code), recalculated - paid,
                        "補發／追扣：以現行資料與參照表重算當月，減已發數" + (line is null ? "" : "；" + line.Rule), line?.TableRef ?? "",
                        string.Create(CultureInfo.InvariantCulture, $"月份={month.Period}; 重算={recalculated}; 已發={paid}{(line is null ? "" : "; " + line.Inputs)}")));
                }
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var result = Result(lines, 0, period, null);
        return result.Net < 0 ? result with { Exception = FormattableString.Invariant($"追扣 {-result.Net} 元，須另行收回") }
            : !hasBankAccount && result.Net > 0 ? result with { Exception = "無入帳帳戶" }
            : result;
    }

    /// <summary>
    /// A difference paid out is a payment like any other: court orders in force for the run's period take their part of
    /// it under the same rule as a month's pay or a bonus (強制執行法 §115-1, §122), and their balances fall with it. A
    /// recovery, or a result with an exception, is left as it is.
    /// </summary>
    public static PayResult? WithGarnishments(PayResult? differences, PayPeriod period, IReadOnlyList<StandingDeduction> standing, TableSet tables)
    {
        if (differences is not { Exception: null, Net: > 0 } || !standing.Any(s => s.Kind == Contracts.Salary.StandingDeductionKind.Garnishment))
        {
            return differences;
        }

        var lines = differences.Lines.ToList();
        return AddGarnishments(lines, differences.Gross, standing, tables) is { } problem ? Result(lines, 0, period, problem) : Result(lines, 0, period, null);
    }
}
