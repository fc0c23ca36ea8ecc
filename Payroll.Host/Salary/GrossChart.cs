using System.Globalization;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary>
/// Each unit's gross against the previous month as a scatter plot drawn on the server (SVG, no script): a unit on the
/// diagonal did not change; outside the dashed ±10% band it is flagged and labelled.
/// </summary>
public sealed class GrossChart
{
    public const int Width = 640;
    public const int Height = 420;
    public const int Margin = 56;

    public GrossChart(IReadOnlyList<UnitTotals> units, decimal limit)
    {
        var compared = units.Where(u => u.PreviousGross is > 0).ToList();
        NewUnits = units.Where(u => u.PreviousGross is null or 0).Select(u => u.UnitCode).ToList();
        Maximum = Math.Max(1, compared.Count == 0 ? 1 : compared.Max(u => Math.Max(u.Totals.Gross, u.PreviousGross!.Value)) * 1.05m);
        Limit = limit;
        Points = compared.Select(u =>
        {
            var change = (u.Totals.Gross - u.PreviousGross!.Value) / (decimal)u.PreviousGross.Value;
            return new Point(u.UnitCode, X(u.PreviousGross.Value), Y(u.Totals.Gross), Math.Abs(change) > limit,
                string.Create(CultureInfo.InvariantCulture, $"{u.UnitCode}: {u.PreviousGross:N0} → {u.Totals.Gross:N0} ({change:+0.0%;-0.0%})"));
        }).ToList();
    }

    public IReadOnlyList<Point> Points { get; }

    public IReadOnlyList<string> NewUnits { get; }

    public decimal Maximum { get; }

    public decimal Limit { get; }

    /// <summary>Axis ticks: value in NT$ millions and position along the axis.</summary>
    public IEnumerable<(string Label, string X, string Y)> Ticks => Enumerable.Range(0, 5).Select(i =>
    {
        var value = Maximum * i / 4;
        return ((value / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture), X(value), Y(value));
    });

    /// <summary>The line current = previous × factor, clipped to the plot.</summary>
    public (string X1, string Y1, string X2, string Y2) Line(decimal factor) =>
        (X(0), Y(0), X(factor > 1 ? Maximum / factor : Maximum), Y(factor > 1 ? Maximum : Maximum * factor));

    private string X(decimal value) => F(Margin + ((Width - (2 * Margin)) * value / Maximum));

    private string Y(decimal value) => F(Height - Margin - ((Height - (2 * Margin)) * value / Maximum));

    private static string F(decimal v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    public sealed record Point(string Unit, string X, string Y, bool Flagged, string Title);
}
