using System.Globalization;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>
/// Lets the personnel search find people by part of their name while names are stored encrypted. A name is cut into
/// its characters and its pairs of neighbouring characters (王小明: 王 小 明 王小 小明); each piece is stored as a short
/// keyed hash (<see cref="BlindIndex"/>, its own key outside the database), sorted so the order of the pieces does not
/// show where in the name they stood. A query looks for the rows holding every piece of it and the handler then checks
/// the decrypted name, so a chance collision of hashes never shows a wrong person.
/// </summary>
/// <remarks>
/// What a copy of the database still shows: which people share a character or a pair of characters in their names.
/// Counting the most frequent hashes can suggest the commonest surnames; the names themselves, and who is who, need
/// the keys.
/// </remarks>
internal sealed class NameTerms(BlindIndex index)
{
    /// <summary>How many pieces of a query are matched in the database (the decrypted name checks the rest).</summary>
    public const int QueryTerms = 8;

    /// <summary>Hex digits kept of each keyed hash: 32 bits, collisions rare among the few thousand characters of names.</summary>
    private const int TermLength = 8;

    /// <summary>Matches nothing: a query that has no piece to look for.</summary>
    public const string NoMatch = "-";

    /// <summary>The stored column: every piece once, sorted, space-separated with a space at each end.</summary>
    public string Column(string name)
    {
        var characters = Characters(name);
        var pieces = characters.Concat(Pairs(characters)).Select(Term).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return " " + string.Join(' ', pieces) + " ";
    }

    /// <summary>
    /// LIKE patterns for a query: its single character, or its pairs (the first <see cref="QueryTerms"/>); the unused
    /// ones match every row. <see cref="NoMatch"/> first when the query has no characters left after normalising.
    /// </summary>
    public string[] Patterns(string query)
    {
        var characters = Characters(query);
        var pieces = (characters.Count == 1 ? characters : Pairs(characters)).Select(Term).Distinct(StringComparer.Ordinal).Take(QueryTerms).ToList();
        var patterns = Enumerable.Repeat("%", QueryTerms).ToArray();
        if (pieces.Count == 0)
        {
            patterns[0] = NoMatch;
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            patterns[i] = "% " + pieces[i] + " %";
        }

        return patterns;
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

    private string Term(string piece) => index.Compute("name-term", piece)[..TermLength];
}
