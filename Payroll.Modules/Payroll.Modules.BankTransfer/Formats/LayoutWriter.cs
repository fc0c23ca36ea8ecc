using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.BankTransfer.Formats;

/// <summary>
/// A bank's own fixed-width format, described in a JSON file instead of code: encoding, record length, line end, and the
/// fields of the header, each detail and the trailer (a literal or a named value, its width in bytes, alignment and
/// padding). A city adds its bank's format by adding a file.
/// </summary>
internal sealed record Layout(
    string Name,
    string Encoding,
    int? RecordLength,
    string LineEnd,
    bool AmountInCents,
    IReadOnlyList<LayoutField> Header,
    IReadOnlyList<LayoutField> Detail,
    IReadOnlyList<LayoutField> Trailer)
{
    public static readonly string[] FileFields = ["payerBank", "payerAccount", "payerName", "date", "time", "payDate", "messageId", "count", "total", "transactionCode"];
    public static readonly string[] DetailFields = ["sequence", "employeeNo", "name", "payeeBank", "payeeAccount", "amount", "transactionCode", "payerBank", "payerAccount"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The layout in a file, checked: every problem named by its place in the file.</summary>
    public static Layout Parse(string json)
    {
        Layout? layout;
        try
        {
            layout = JsonSerializer.Deserialize<Layout>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException([new InputError(null, ex.Path ?? "layout", ex.Message)]);
        }

        var errors = new List<InputError>();
        if (layout is null || string.IsNullOrWhiteSpace(layout.Name))
        {
            throw new InvalidInputException([new InputError(null, "name", "required")]);
        }

        try
        {
            PaymentChecks.Strict(layout.Encoding ?? "");
        }
        catch (ArgumentException)
        {
            errors.Add(new InputError(null, "encoding", $"unknown encoding \"{layout.Encoding}\" (big5, utf-8, ...)"));
        }

        if (layout.RecordLength is <= 0 or > 4096)
        {
            errors.Add(new InputError(null, "recordLength", "between 1 and 4096 bytes, or absent"));
        }

        if (layout.LineEnd is not ("\r\n" or "\n" or ""))
        {
            errors.Add(new InputError(null, "lineEnd", "\"\\r\\n\", \"\\n\" or \"\""));
        }

        foreach (var (part, fields, allowed) in new[] { ("header", layout.Header, FileFields), ("detail", layout.Detail, DetailFields), ("trailer", layout.Trailer, FileFields) })
        {
            if (fields is null || (part == "detail" && fields.Count == 0))
            {
                errors.Add(new InputError(null, part, "a list of fields" + (part == "detail" ? ", at least one" : "")));
                continue;
            }

            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                var at = $"{part}[{i}]";
                if ((f.Value is null) == (f.Field is null))
                {
                    errors.Add(new InputError(null, at, "either a literal \"value\" or a \"field\", not both"));
                }
                else if (f.Field is { } name && !allowed.Contains(name))
                {
                    errors.Add(new InputError(null, at + ".field", $"\"{name}\" is not one of {string.Join(", ", allowed)}"));
                }

                if (f.Width is <= 0 or > 1024 || (f.Width is null && f.Field is not null))
                {
                    errors.Add(new InputError(null, at + ".width", "a width in bytes, 1 to 1024 (required for fields)"));
                }

                if (f.Pad is { Length: not 1 })
                {
                    errors.Add(new InputError(null, at + ".pad", "one character"));
                }

                if (f.Format is not (null or "roc" or "roc7" or "iso"))
                {
                    errors.Add(new InputError(null, at + ".format", "roc (0YYYMMDD), roc7 (YYYMMDD) or iso (yyyyMMdd)"));
                }
            }

            if (layout.RecordLength is { } length && fields.Sum(f => f.Width ?? f.Value?.Length ?? 0) > length)
            {
                errors.Add(new InputError(null, part, $"its fields are wider than recordLength {length}"));
            }
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : layout;
    }
}

internal enum Align
{
    Left,
    Right,
}

/// <summary>A literal <see cref="Value"/>, or a named <see cref="Field"/> in <see cref="Width"/> bytes; names may be cut (at a character), numbers never.</summary>
internal sealed record LayoutField(string? Value, string? Field, int? Width, Align Align = Align.Left, string? Pad = null, string? Format = null);

/// <summary>Writes a <see cref="Layout"/>, record by record, to the stream.</summary>
internal static class LayoutWriter
{
    public static void Write(Stream output, BankFile file, IEnumerable<Payment> payments, Layout layout)
    {
        var encoding = PaymentChecks.Strict(layout.Encoding);
        var list = payments as IReadOnlyCollection<Payment> ?? payments.ToList();
        var total = list.Sum(p => p.Amount);
        var taipei = RocDate.InTaipei(file.CreatedAt);
        string FileValue(string name, string? format) => name switch
        {
            "payerBank" => file.PayerBank,
            "payerAccount" => file.PayerAccount,
            "payerName" => file.PayerName,
            "date" => Date(DateOnly.FromDateTime(taipei.DateTime), format),
            "time" => taipei.ToString("HHmmss", CultureInfo.InvariantCulture),
            "payDate" => Date(file.PayDate, format),
            "messageId" => file.MessageId,
            "count" => list.Count.ToString(CultureInfo.InvariantCulture),
            "total" => (layout.AmountInCents ? checked(total * 100) : total).ToString(CultureInfo.InvariantCulture),
            "transactionCode" => file.IsBonus ? "104" : "101",
            _ => throw new InvalidOperationException(name),
        };

        Record(output, layout, layout.Header, encoding, (name, format) => FileValue(name, format), "header");
        var sequence = 0;
        foreach (var p in list)
        {
            sequence++;
            Record(output, layout, layout.Detail, encoding, (name, format) => name switch
            {
                "sequence" => sequence.ToString(CultureInfo.InvariantCulture),
                "employeeNo" => p.EmployeeNo,
                "name" => p.Name,
                "payeeBank" => p.PayeeBank,
                "payeeAccount" => p.PayeeAccount,
                "amount" => (layout.AmountInCents ? checked(p.Amount * 100) : p.Amount).ToString(CultureInfo.InvariantCulture),
                _ => FileValue(name, format),
            }, p.EmployeeNo);
        }

        Record(output, layout, layout.Trailer, encoding, (name, format) => FileValue(name, format), "trailer");
    }

    private static void Record(Stream output, Layout layout, IReadOnlyList<LayoutField> fields, Encoding encoding, Func<string, string?, string> value, string who)
    {
        if (fields.Count == 0)
        {
            return;
        }

        var bytes = new List<byte>(layout.RecordLength ?? 256);
        foreach (var f in fields)
        {
            if (f.Value is { } literal)
            {
                bytes.AddRange(encoding.GetBytes(literal));
                continue;
            }

            var text = value(f.Field!, f.Format);
            var width = f.Width!.Value;
            var encoded = encoding.GetBytes(text);
            if (encoded.Length > width)
            {
                if (f.Field != "name" && f.Field != "payerName")
                {
                    throw new InvalidInputException([new InputError(null, $"{who}: {f.Field}", $"「{text}」 needs {encoded.Length} bytes; the layout gives {width}")]);
                }

                encoded = Cut(text, width, encoding);
            }

            var pad = Enumerable.Repeat(encoding.GetBytes(f.Pad ?? " ")[0], width - encoded.Length);
            bytes.AddRange(f.Align == Align.Right ? pad.Concat(encoded) : encoded.Concat(pad));
        }

        if (layout.RecordLength is { } length)
        {
            bytes.AddRange(Enumerable.Repeat((byte)' ', Math.Max(0, length - bytes.Count)));
        }

        output.Write(bytes.ToArray());
        output.Write(Encoding.ASCII.GetBytes(layout.LineEnd));
    }

    /// <summary>As much of the text as fits, never half a character.</summary>
    private static byte[] Cut(string text, int width, Encoding encoding)
    {
        var result = new List<byte>(width);
        foreach (var rune in text.EnumerateRunes())
        {
            var bytes = encoding.GetBytes(rune.ToString());
            if (result.Count + bytes.Length > width)
            {
                break;
            }

            result.AddRange(bytes);
        }

        return result.ToArray();
    }

    private static string Date(DateOnly date, string? format) => format switch
    {
        "roc" => Achp01Writer.RocCompact(date),
        "roc7" => string.Create(CultureInfo.InvariantCulture, $"{date.Year - 1911:000}{date.Month:00}{date.Day:00}"),
        _ => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
    };
}
