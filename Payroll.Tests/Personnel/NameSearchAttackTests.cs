using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// The attack a copy of the database invites on the name search terms: someone holding the copy (but not the keys)
/// knows 1% of the people's names (colleagues) and how common each surname is in Taiwan (內政部戶政司, 全國姓名統計分析
/// 2018, as the demo city's surnames follow it), and tries to name everyone else. Run on the terms as stored now (salted
/// per row) and, for comparison, on terms of the former design (one fixed keyed hash per piece) computed for the same
/// names: the attack must have teeth against the former, and recover at most 5% of surnames and 2% of full names now.
/// "Recovered" means the attacker names the row from what the copy holds and is right; a guess the surname table alone
/// allows (陳 for everyone, right about 11% of the time) needs no copy and is not counted.
/// </summary>
public sealed class NameSearchAttackTests(string provider) : DatabaseFixture(provider)
{
    private const int People = 4000;

    [Test]
    public async Task ACopyOfTheDatabase_GivesNamesBack_NoMoreThanTheLimits()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(8, 7, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, People, 7, TestActors.Staff));

        // What the copy holds (every version's terms), and the truth the test knows (the names, decrypted here as the
        // oracle; the attacker never sees them but for the 1% it knows).
        var cipher = Services.GetRequiredService<FieldCipher>();
        List<(string Terms, string Name)> rows;
        await using (var c = await Db.OpenAsync())
        {
            rows = (await c.QueryAsync<(long EmployeeId, byte[] Name, string Terms)>("SELECT employee_id, name, name_terms FROM personnel_employee_version"))
                .Select(r => (r.Terms, cipher.DecryptString(r.Name, "personnel_employee_version", "name", r.EmployeeId.ToString(CultureInfo.InvariantCulture))))
                .ToList();
        }

        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(People));
        var known = new Random(11).GetItems(Enumerable.Range(0, rows.Count).ToArray(), rows.Count / 100).ToHashSet();

        // The former design, for the same names: one fixed keyed hash per piece (8 hex digits), the same in every row.
        var oldKey = RandomNumberGenerator.GetBytes(32);
        string Former(string name) => " " + string.Join(' ', Pieces(name).Select(p => Convert.ToHexStringLower(HMACSHA256.HashData(oldKey, Encoding.UTF8.GetBytes(p)))[..8]).Distinct().Order(StringComparer.Ordinal)) + " ";

        var former = Attack(rows.Select(r => (Terms(Former(r.Name)), r.Name)).ToList(), known);
        var now = Attack(rows.Select(r => (Terms(r.Terms), r.Name)).ToList(), known);
        TestContext.Out.WriteLine($"former terms: {former.Surnames:P1} of surnames, {former.FullNames:P1} of full names recovered; salted terms: {now.Surnames:P1} and {now.FullNames:P1}");

        // Measured with 4,000 people and 40 known: the former terms give back about 40% of surnames and 3% of full
        // names, against less than 1% and none from the salted ones.
        Assert.That(former.Surnames, Is.GreaterThan(0.3), "the attack is a real one: from the former terms it names the surname of a third of the people");
        Assert.That(former.FullNames, Is.GreaterThan(0.01), "and some whole names");
        Assert.That(now.Surnames, Is.LessThanOrEqualTo(0.05), "surnames recovered from the salted terms");
        Assert.That(now.FullNames, Is.LessThanOrEqualTo(0.02), "full names recovered from the salted terms");
    }

    /// <summary>
    /// Learns which term stands for which piece from the known rows (a piece's term is in every known row that has the
    /// piece: the intersection), then maps the terms most frequent across all rows to the commonest surnames; names
    /// each other row by the learned surname with the highest share whose term it holds, and its given name by the
    /// learned characters and pairs it holds. Returns the share of the other rows whose surname, and whose full name,
    /// it got right.
    /// </summary>
    private static (double Surnames, double FullNames) Attack(List<(HashSet<string> Terms, string Name)> rows, HashSet<int> known)
    {
        var candidates = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var i in known)
        {
            foreach (var piece in Pieces(rows[i].Name))
            {
                if (candidates.TryGetValue(piece, out var set))
                {
                    set.IntersectWith(rows[i].Terms);
                }
                else
                {
                    candidates[piece] = [.. rows[i].Terms];
                }
            }
        }

        var termOf = candidates.Where(c => c.Value.Count == 1).ToDictionary(c => c.Key, c => c.Value.Single(), StringComparer.Ordinal);

        // Frequency analysis for the surnames no known row gave away: the commonest terms are the commonest surnames.
        var surnames = Payroll.Modules.Personnel.Demo.DemoCity.SurnameWeights.OrderByDescending(s => s.Value).Select(s => s.Key).ToList();
        var frequent = rows.SelectMany(r => r.Terms).GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key)
            .Where(t => !termOf.ContainsValue(t)).GetEnumerator();
        foreach (var surname in surnames.Where(s => !termOf.ContainsKey(s)))
        {
            if (frequent.MoveNext())
            {
                termOf[surname] = frequent.Current;
            }
        }

        var givenChars = termOf.Keys.Where(p => p.Length == 1 && !surnames.Contains(p)).ToList();
        int others = 0, surnamesRight = 0, fullRight = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (known.Contains(i))
            {
                continue;
            }

            others++;
            var (terms, name) = rows[i];
            var surname = surnames.FirstOrDefault(s => terms.Contains(termOf[s]));
            if (surname is null)
            {
                continue;
            }

            surnamesRight += name.StartsWith(surname, StringComparison.Ordinal) ? 1 : 0;
            var given = givenChars.Where(g => terms.Contains(termOf[g])).ToList();
            var guess = given.Count switch
            {
                1 => surname + given[0] + given[0],
                2 => Ordered(surname, given[0], given[1], terms, termOf),
                _ => null,
            };
            fullRight += guess == name ? 1 : 0;
        }

        return ((double)surnamesRight / others, (double)fullRight / others);
    }

    /// <summary>The order of two given characters: by a learned pair the row holds, else the first as found.</summary>
    private static string Ordered(string surname, string a, string b, HashSet<string> terms, Dictionary<string, string> termOf) =>
        termOf.TryGetValue(b + a, out var ba) && terms.Contains(ba) || termOf.TryGetValue(surname + b, out var sb) && terms.Contains(sb)
            ? surname + b + a
            : surname + a + b;

    private static HashSet<string> Terms(string column) =>
        [.. column.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !t.StartsWith("v2:", StringComparison.Ordinal))];

    /// <summary>A name's pieces as the search cuts them: each character, and each pair of neighbours.</summary>
    private static List<string> Pieces(string name)
    {
        var characters = name.Select(c => c.ToString()).ToList();
        return [.. characters, .. Enumerable.Range(0, Math.Max(0, characters.Count - 1)).Select(i => characters[i] + characters[i + 1])];
    }
}
