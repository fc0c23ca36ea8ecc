using System.Globalization;
using System.Text;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>
/// The employer's lines of a payslip (<see cref="LineKind.Employer"/>) packed into one text kept with the payslip:
/// each line's code, amount, table version, rule and inputs, fields apart by U+001F and lines by U+001E, characters no
/// rule or input contains. Every reader that needs a payslip's lines unpacks them here.
/// </summary>
internal static class EmployerLines
{
    private const char Field = '\u001f';
    private const char Line = '\u001e';

    public static bool IsEmployer(PayLine line) => line.Kind == LineKind.Employer;

    /// <summary>The packed employer lines of <paramref name="lines"/>, or null when there are none.</summary>
    public static string? Pack(IEnumerable<PayLine> lines)
    {
        StringBuilder? text = null;
        foreach (var l in lines.Where(IsEmployer))
        {
            if (text is null)
            {
                text = new StringBuilder();
            }
            else
            {
                text.Append(Line);
            }

            text.Append(l.Code).Append(Field).Append(l.Amount.ToString(CultureInfo.InvariantCulture)).Append(Field).Append(l.TableRef).Append(Field)
                .Append(l.Rule).Append(Field).Append(l.Inputs);
        }

        return text?.ToString();
    }

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
