using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Payroll.Modules.Kernel.Documents;

/// <summary>The fonts PDFs (payslips, breach letters) are drawn with; bound from <c>Payroll:Salary</c> (PdfFont, PdfLatinFont).</summary>
public sealed class PdfFontOptions
{
    /// <summary>A TrueType font with Traditional Chinese (Debian: fonts-droid-fallback). Collections (.ttc) do not load.</summary>
    public string PdfFont { get; set; } = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

    /// <summary>The font for Latin letters and digits, which the Chinese fallback font lacks (Debian: fonts-dejavu-core).</summary>
    public string PdfLatinFont { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

/// <summary>
/// The two fonts PDFs are drawn with: a Chinese one (Droid Sans Fallback, which has no Latin letters or digits) and a
/// Latin one (DejaVu Sans). They are installed into PDFsharp's process-wide resolver the first time a PDF is made;
/// <see cref="PdfText"/> splits each string into runs for one or the other.
/// </summary>
public sealed class PdfFonts(IOptions<PdfFontOptions> options)
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
public sealed class PdfText(double size, bool bold = false)
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
        foreach (var line in Wrap(gfx, text, width))
        {
            if (lines >= maxLines)
            {
                break;
            }

            Draw(gfx, line, x, y + (lines * size * 1.3), brush);
            lines++;
        }

        return lines;
    }

    /// <summary>The lines <paramref name="text"/> wraps into at <paramref name="width"/>: greedy, by measured character widths (cached), at a space when there is one.</summary>
    public IEnumerable<string> Wrap(XGraphics gfx, string text, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var start = 0;
            var used = 0.0;
            var lastSpace = -1;
            for (var i = 0; i < paragraph.Length; i++)
            {
                var w = CharWidth(gfx, paragraph[i]);
                if (used + w > width && i > start)
                {
                    var end = lastSpace > start ? lastSpace + 1 : i;
                    yield return paragraph[start..end].TrimEnd();
                    start = end;
                    used = 0;
                    lastSpace = -1;
                    for (var j = start; j < i; j++)
                    {
                        used += CharWidth(gfx, paragraph[j]);
                    }
                }

                if (paragraph[i] == ' ')
                {
                    lastSpace = i;
                }

                used += w;
            }

            yield return paragraph[start..].TrimEnd();
        }
    }

    private readonly Dictionary<char, double> _widths = [];

    private double CharWidth(XGraphics gfx, char c)
    {
        if (!_widths.TryGetValue(c, out var w))
        {
            _widths[c] = w = gfx.MeasureString(c.ToString(), IsChinese(c) ? _chinese : _latin).Width;
        }

        return w;
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
