using System.Globalization;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Lets the personnel search find people by part of their name while names are stored encrypted, without giving the
/// names away to a copy of the database. A name is cut into its characters and its pairs of neighbouring characters
/// (王小明: 王 小 明 王小 小明); each piece is stored as a keyed hash (<see cref="BlindIndex"/>'s key, outside the
/// database) of the piece <b>and a salt of the row's own</b>, cut to 12 bits, sorted. Two rows never share terms for the
/// same character, so counting terms across rows tells nothing (no frequency analysis, no known colleague's name that
/// unlocks the others); and 12 bits collide with thousands of other pieces, so even one row's terms do not pin its
/// characters down. A query is hashed with each row's salt in turn (the rows are read anyway), the few rows that hold
/// every piece are decrypted, and the decrypted name decides.
/// </summary>
/// <remarks>
/// What a copy of the database still shows: the number of distinct pieces of each name (about its length). The former
/// terms (one fixed hash per piece, the same in every row) let the commonest surnames be counted and a few known names
/// unlock the rest; <c>Personnel/NameSearchAttackTests</c> runs that attack on both designs (docs/adr/0004).
/// </remarks>
internal sealed class NameTerms(BlindIndex index)
{
    /// <summary>The stored column starts with this, then the row's salt.</summary>
    public const string Version = "v2:";

    /// <summary>Hex digits kept of each keyed hash: 12 bits, so that each term stands for thousands of pieces.</summary>
    private const int TermLength = 3;

    private const int SaltBytes = 8;

    /// <summary>The stored column: <c>v2:SALT t1 t2 ... </c>, every piece once, sorted, a space after each.</summary>
    public string Column(string name)
    {
        var salt = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(SaltBytes));
        var characters = Characters(name);
        var pieces = characters.Concat(Pairs(characters)).Select(p => Term(salt, p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Version + salt + " " + string.Concat(pieces.Select(t => t + " "));
    }

    /// <summary>What a query looks for: its single character, or its pairs. None: the name search finds nobody.</summary>
    public static IReadOnlyList<string> Pieces(string query)
    {
        var characters = Characters(query);
        return (characters.Count == 1 ? characters : Pairs(characters)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether a row's column holds every piece (hashed with the row's salt): a row that does may be a match (the
    /// decrypted name decides), one that does not is not. A column of another shape may always be.
    /// </summary>
    public bool MayHold(string? column, IReadOnlyList<string> pieces)
    {
        if (pieces.Count == 0)
        {
            return false;
        }

        if (column is null || !column.StartsWith(Version, StringComparison.Ordinal) || column.Length < Version.Length + (SaltBytes * 2) + 1)
        {
            return true;
        }

        var salt = column.Substring(Version.Length, SaltBytes * 2);
        foreach (var piece in pieces)
        {
            if (!column.Contains(" " + Term(salt, piece) + " ", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a decrypted name contains the query, compared the way the pieces were cut.</summary>
    public static bool Contains(string name, string query) =>
        string.Concat(Characters(name)).Contains(string.Concat(Characters(query)), StringComparison.Ordinal);

    /// <summary>Text elements (a character with its combining marks) after the blind index's normalisation (NFKC, upper case, no spaces or dashes).</summary>
    private static List<string> Characters(string text)
    {
        var normalised = BlindIndex.Normalise(text);
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(normalised);
        while (e.MoveNext())
        {
            elements.Add(e.GetTextElement());
        }

        return elements;
    }

    private static IEnumerable<string> Pairs(List<string> characters) =>
        Enumerable.Range(0, Math.Max(0, characters.Count - 1)).Select(i => characters[i] + characters[i + 1]);

    private string Term(string salt, string piece) => index.Compute("name-term-salted", salt + "\u001f" + piece)[..TermLength];
}
