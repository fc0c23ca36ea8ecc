using System.Text;
using Microsoft.Extensions.Options;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.BankTransfer.Profiles;

/// <summary>A way of writing a bank file: a built-in format or a layout file.</summary>
internal sealed record BankProfile(string Name, string Encoding, string Extension, string ContentType, bool AmountInCents, Action<Stream, BankFile, IReadOnlyCollection<Payment>> Write);

/// <summary>
/// The profiles by name: <c>achp01</c> and <c>pain001</c> built in, and one per <c>NAME.json</c> in the layout directory
/// (read when asked for, so a new layout needs no restart).
/// </summary>
internal sealed class BankProfiles(IOptions<BankTransferOptions> options)
{
    public const string Achp01 = "achp01";
    public const string Pain001 = "pain001";

    public BankTransferOptions Options => options.Value;

    public BankProfile Get(string name)
    {
        var o = options.Value;
        switch (name)
        {
            case Achp01:
                var ach = new Achp01Options(o.Achp01Encoding, o.Achp01AmountInCents);
                return new BankProfile(Achp01, o.Achp01Encoding, "txt", "text/plain", o.Achp01AmountInCents, (s, f, p) => Achp01Writer.Write(s, f, p, ach));
            case Pain001:
                return new BankProfile(Pain001, "utf-8", "xml", "application/xml", false, Pain001Writer.Write);
        }

        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')))
        {
            throw new InvalidInputException([new InputError(null, "profile", $"\"{name}\" is not a profile name (achp01, pain001, or a layout file's name: letters, digits, - and _)")]);
        }

        var path = Path.Combine(o.LayoutDirectory, name + ".json");
        if (!File.Exists(path))
        {
            throw new InvalidInputException([new InputError(null, "profile", $"no profile \"{name}\": not achp01 or pain001, and no layout file {path}")]);
        }

        var layout = Layout.Parse(File.ReadAllText(path, Encoding.UTF8));
        return new BankProfile(name, layout.Encoding, "txt", "text/plain", layout.AmountInCents, (s, f, p) => LayoutWriter.Write(s, f, p, layout));
    }

    /// <summary>Every profile that can be chosen: the built-in two and the layout files present.</summary>
    public IReadOnlyList<string> Names() =>
        [Achp01, Pain001, .. Directory.Exists(options.Value.LayoutDirectory)
            ? Directory.EnumerateFiles(options.Value.LayoutDirectory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList()
            : []];
}
