using System.Globalization;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>
/// The employer's lines of a payslip (<see cref="LineKind.Employer"/>). Versions before the sealed payslips (ADR 0006)
/// packed them into one clear text kept with the payslip: each line's code, amount, table version, rule and inputs,
/// fields apart by U+001F and lines by U+001E; Salary 0011 unpacks that text once to seal it.
/// </summary>
internal static class EmployerLines
{
    private const char Field = '\u001f';
    private const char Line = '\u001e';

    public static bool IsEmployer(PayLine line) => line.Kind == LineKind.Employer;

    public static List<PayLine> Unpack(string? packed)
    {
        var lines = new List<PayLine>();
        if (string.IsNullOrEmpty(packed))
        {
            return lines;
        }

        foreach (var line in packed.Split(Line))
        {
            var f = line.Split(Field);
            if (f.Length != 5 || !long.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            {
                throw new FormatException("A payslip's employer lines are damaged.");
            }

            lines.Add(new PayLine(f[0], amount, f[3], f[2], f[4]));
        }

        return lines;
    }
}
