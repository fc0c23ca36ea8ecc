using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Payroll.Modules.Salary.Documents;

/// <summary>
/// The two fonts PDFs are drawn with: a Chinese one (Droid Sans Fallback, which has no Latin letters or digits) and a
/// Latin one (DejaVu Sans). They are installed into PDFsharp's process-wide resolver the first time a PDF is made;
/// <see cref="PdfText"/> splits each string into runs for one or the other.
/// </summary>
internal sealed class PdfFonts(IOptions<SalaryOptions> options)
{
    public const string Chinese = "PayrollChinese";
    public const string Latin = "PayrollLatin";

    private static readonly Lock Gate = new();
    private static Resolver? _installed;

    public void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed is not null)
            {
                return;
            }

            _installed = new Resolver(Read(options.Value.PdfFont, "fonts-droid-fallback", "PdfFont"), Read(options.Value.PdfLatinFont, "fonts-dejavu-core", "PdfLatinFont"));
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    private static byte[] Read(string path, string package, string setting) => File.Exists(path)
        ? File.ReadAllBytes(path)
        : throw new InvalidOperationException($"The PDF font {path} is missing: install Debian's {package}, or set Payroll:Salary:{setting} to a .ttf file.");

    private sealed class Resolver(byte[] chinese, byte[] latin) : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(familyName == Latin ? Latin : Chinese, bold, italic);

        public byte[] GetFont(string faceName) => faceName == Latin ? latin : chinese;
    }
}

/// <summary>Text in one size and weight, drawn in runs: Chinese characters in the Chinese font, everything else in the Latin one.</summary>
internal sealed class PdfText(double size, bool bold = false)
{
    private readonly XFont _chinese = new(PdfFonts.Chinese, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
    private readonly XFont _latin = new(PdfFonts.Latin, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public double Size => size;

    public double Measure(XGraphics gfx, string text) => Runs(text).Sum(r => gfx.MeasureString(r.Text, r.Font).Width);

    /// <summary>Draws from <paramref name="x"/> with <paramref name="y"/> as the baseline; returns the width drawn.</summary>
    public double Draw(XGraphics gfx, string text, double x, double y, XBrush? brush = null)
    {
        var start = x;
        foreach (var (run, font) in Runs(text))
        {
            gfx.DrawString(run, font, brush ?? XBrushes.Black, x, y);
            x += gfx.MeasureString(run, font).Width;
        }

        return x - start;
    }

    public void DrawRight(XGraphics gfx, string text, double right, double y, XBrush? brush = null) => Draw(gfx, text, right - Measure(gfx, text), y, brush);

    /// <summary>Wraps <paramref name="text"/> into lines of at most <paramref name="width"/> (breaking anywhere; "\n" breaks); returns the lines drawn.</summary>
    public int DrawWrapped(XGraphics gfx, string text, double x, double y, double width, int maxLines, XBrush? brush = null)
    {
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            var rest = paragraph;
            while (rest.Length > 0 && lines < maxLines)
            {
                var take = rest.Length;
                while (take > 1 && Measure(gfx, rest[..take]) > width)
                {
                    take--;
                }

                if (take < rest.Length && rest.LastIndexOf(' ', take - 1) is var space and > 0)
                {
                    take = space + 1;
                }

                Draw(gfx, rest[..take].TrimEnd(), x, y + (lines * size * 1.3), brush);
                rest = rest[take..];
                lines++;
            }
        }

        return lines;
    }

    private IEnumerable<(string Text, XFont Font)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || IsChinese(text[i]) != IsChinese(text[start]))
            {
                yield return (text[start..i], IsChinese(text[start]) ? _chinese : _latin);
                start = i;
            }
        }
    }

    // From the CJK radicals on: punctuation, ideographs, full-width forms, and surrogates (the rarer ideographs).
    private static bool IsChinese(char c) => c >= '\u2E80';
}
