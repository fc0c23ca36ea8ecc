using Payroll.Modules.Kernel.Identity;

namespace Payroll.Tests.Kernel;

/// <summary>DOMAIN.md §4: national ID and resident numbers, letter values A10 … Z33, weights 1,9,8,7,6,5,4,3,2,1,1, sum divisible by 10.</summary>
public sealed class NationalIdTests
{
    // A=10 → 1,0; digits 1,2,3,4,5,6,7,8,9: 1 + 0 + 8 + 14 + 18 + 20 + 20 + 18 + 14 + 8 + 9 = 130 (DOMAIN.md's own example).
    [TestCase("A123456789", NationalIdKind.Citizen)]
    // F=15 → 1,5; 2,3,4,5,6,7,8,9,x: 1 + 45 + 16 + 21 + 24 + 25 + 24 + 21 + 16 + 9 = 202 → check 8 makes 210.
    [TestCase("F234567898", NationalIdKind.Citizen)]
    [TestCase("a123456789", NationalIdKind.Citizen, Description = "lower case is normalised")]
    [TestCase("Ａ１２３４５６７８９", NationalIdKind.Citizen, Description = "full-width is normalised")]
    // Old resident format: A=10 → 1,0; second letter A counts 0; 0000000, check 9: 1 + 9 = 10.
    [TestCase("AA00000009", NationalIdKind.ResidentOld)]
    // Second letter D counts 3 (D=13): 1 + 0 + 3×8 = 25, body 0000001 (weight 1) → 26, check 4 → 30.
    [TestCase("AD00000014", NationalIdKind.ResidentOld)]
    // New resident format (2021-01-02): A, 8 → 1 + 0 + 64, body 0000001 → 66, check 4 → 70.
    [TestCase("A800000014", NationalIdKind.ResidentNew)]
    public void Valid(string id, NationalIdKind kind)
    {
        Assert.That(NationalId.Check(id, out var actual), Is.Null);
        Assert.That(actual, Is.EqualTo(kind));
    }

    [TestCase("A123456788", "檢查碼錯誤")]
    [TestCase("A12345678", "10 碼")]
    [TestCase("1123456789", "英文字母")]
    [TestCase("A323456789", "第 2 碼")]
    [TestCase("AE00000009", "第 2 碼")]
    [TestCase("A12345678X", "數字")]
    [TestCase("AA00000008", "檢查碼錯誤")]
    [TestCase("A800000015", "檢查碼錯誤")]
    [TestCase("", "10 碼")]
    public void Invalid_SaysWhy(string id, string reason) => Assert.That(NationalId.Check(id, out _), Does.Contain(reason));

    [TestCase('I')]
    [TestCase('O')]
    [TestCase('W')]
    [TestCase('Z')]
    public void Create_MakesValidNumbers_ForTheOutOfOrderLetters(char letter)
    {
        foreach (var kind in Enum.GetValues<NationalIdKind>())
        {
            var id = NationalId.Create(letter, kind, 1, 1234567);
            Assert.That(NationalId.Check(id, out var made), Is.Null, id);
            Assert.That(made, Is.EqualTo(kind));
        }
    }

    [Test]
    public void I_IsWorth34_NotItsAlphabeticalPlace()
    {
        // I=34 → 3,4: 3 + 36 + 8 (digit 1) + 0 … → "I100000000" sums 47; check digit 3 gives 50.
        Assert.That(NationalId.IsValid("I100000003"), Is.True);
        Assert.That(NationalId.IsValid("I100000009"), Is.False);
    }
}
