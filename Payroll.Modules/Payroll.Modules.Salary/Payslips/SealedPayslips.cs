using System.Globalization;
using System.Text;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Payslips;

/// <summary>A payslip's figures: days, totals, the 健保 insured amount it charged (0: none) and its exception, if any.</summary>
internal sealed record PayslipFigures(int DaysPaid, int DaysInPeriod, long Gross, long Deductions, long Net, long NhiInsured, string? Exception)
{
    public static PayslipFigures Of(PayResult pay) => new(pay.DaysPaid, pay.DaysInPeriod, pay.Gross, pay.Deductions, pay.Net, pay.NhiInsured, pay.Exception);
}

/// <summary>
/// A person's pay at rest (ADR 0006): each payslip is one row whose figures and lines are two values sealed with the
/// field cipher, bound to the payslip (table, column and run/version/person), so a copy of the database shows nobody's
/// pay and a value moved to another payslip does not open. Only what is not an amount stays in clear: who, which unit,
/// whether the result is current, and two flags the run's checks list people by (an exception, a net not above zero).
/// Figures and lines are apart because most readers (totals, payments, the employee's list) need only the figures.
/// </summary>
internal sealed class PayslipSeal(FieldCipher cipher)
{
    public const string Table = "salary_payslip";

    private const byte Format = 1;

    public static string RowId(long runId, long version, long employeeId) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}/{version}/{employeeId}");

    public byte[] SealFigures(PayslipFigures figures, long runId, long version, long employeeId)
    {
        using var buffer = new MemoryStream(64);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write(figures.DaysPaid);
            w.Write(figures.DaysInPeriod);
            w.Write(figures.Gross);
            w.Write(figures.Deductions);
            w.Write(figures.Net);
            w.Write(figures.NhiInsured);
            w.Write(figures.Exception is not null);
            if (figures.Exception is not null)
            {
                w.Write(figures.Exception);
            }
        }

        return cipher.Encrypt(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Table, "figures", RowId(runId, version, employeeId));
    }

    public PayslipFigures OpenFigures(byte[] stored, long runId, long version, long employeeId)
    {
        using var r = Reader(cipher.Decrypt(stored, Table, "figures", RowId(runId, version, employeeId)));
        return new PayslipFigures(r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadBoolean() ? r.ReadString() : null);
    }

    /// <summary>Every line of the payslip, the employer's too, in the order calculated, each with its trace.</summary>
    public byte[] SealLines(IReadOnlyCollection<PayLine> lines, long runId, long version, long employeeId)
    {
        using var buffer = new MemoryStream(256 * Math.Max(1, lines.Count));
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write(lines.Count);
            foreach (var l in lines)
            {
                w.Write(l.Code);
                w.Write(l.Amount);
                w.Write(l.Rule);
                w.Write(l.TableRef);
                w.Write(l.Inputs);
            }
        }

        return cipher.Encrypt(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Table, "lines", RowId(runId, version, employeeId));
    }

    public List<PayLine> OpenLines(byte[] stored, long runId, long version, long employeeId)
    {
        using var r = Reader(cipher.Decrypt(stored, Table, "lines", RowId(runId, version, employeeId)));
        var count = r.ReadInt32();
        var lines = new List<PayLine>(count);
        for (var i = 0; i < count; i++)
        {
            var code = r.ReadString();
            var amount = r.ReadInt64();
            lines.Add(new PayLine(code, amount, r.ReadString(), r.ReadString(), r.ReadString()));
        }

        return lines;
    }

    /// <summary>Key rotation: both values under the active key (each unchanged when it already is).</summary>
    public (byte[] Figures, byte[] Lines) Reencrypt(byte[] figures, byte[] lines, long runId, long version, long employeeId)
    {
        var rowId = RowId(runId, version, employeeId);
        return (cipher.Reencrypt(figures, Table, "figures", rowId), cipher.Reencrypt(lines, Table, "lines", rowId));
    }

    private static BinaryReader Reader(byte[] plain)
    {
        var r = new BinaryReader(new MemoryStream(plain, writable: false), Encoding.UTF8);
        if (r.ReadByte() != Format)
        {
            throw new FormatException("A payslip's sealed value is of an unknown format.");
        }

        return r;
    }
}

/// <summary>
/// A stored payslip as read with <see cref="Columns"/> over <c>salary_payslip p</c>: who, where, and the two sealed
/// values; <see cref="OpenFigures"/> and <see cref="OpenLines"/> (when the lines were selected) open them. A reader
/// that selects more (the run's period, its state) extends it.
/// </summary>
internal class StoredPayslip
{
    public const string Columns = $"""
        p.run_id AS {nameof(RunId)}, p.version AS {nameof(Version)}, p.employee_id AS {nameof(EmployeeId)}, p.employee_no AS {nameof(EmployeeNo)},
        p.unit_code AS {nameof(UnitCode)}, p.excepted AS {nameof(Excepted)}, p.figures AS {nameof(Figures)}
        """;

    /// <summary><see cref="Columns"/> and the lines.</summary>
    public const string WithLines = Columns + $", p.lines AS {nameof(Lines)}";

    public long RunId { get; init; }

    public long Version { get; init; }

    public long EmployeeId { get; init; }

    public string EmployeeNo { get; init; } = "";

    public string UnitCode { get; init; } = "";

    public bool Excepted { get; init; }

    public byte[] Figures { get; init; } = [];

    public byte[]? Lines { get; init; }

    public PayslipFigures OpenFigures(PayslipSeal seal) => seal.OpenFigures(Figures, RunId, Version, EmployeeId);

    public List<PayLine> OpenLines(PayslipSeal seal) =>
        seal.OpenLines(Lines ?? throw new InvalidOperationException("The payslip's lines were not selected."), RunId, Version, EmployeeId);
}
