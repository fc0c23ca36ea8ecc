namespace Payroll.Modules.Kernel.Identity;

public enum NationalIdKind
{
    /// <summary>國民身分證統一編號: <c>A123456789</c>.</summary>
    Citizen,

    /// <summary>居留證統一證號, old format (second character a letter A-D): <c>AB12345678</c>.</summary>
    ResidentOld,

    /// <summary>居留證統一證號, new format from 2021-01-02 (second digit 8 or 9): <c>A800000014</c>.</summary>
    ResidentNew,
}

/// <summary>
/// Taiwan national ID and resident certificate numbers (DOMAIN.md §4). The letter is worth two digits
/// (A=10 … Z=33, with I=34, O=35, W=32, X=30, Y=31, Z=33); the eleven digits are weighted 1,9,8,7,6,5,4,3,2,1,1
/// and the sum must be divisible by 10. In the old resident format the second letter counts as the last digit of its
/// own value (A→0, B→1, C→2, D→3).
/// </summary>
public static class NationalId
{
    // Source: 內政部 統一編號 letter codes (DOMAIN.md §4).
    private static readonly int[] LetterValues =
    [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
    ];

    private static readonly int[] Weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];

    /// <summary>Upper-cases and trims; full-width characters are folded to ASCII.</summary>
    public static string Normalise(string? value) =>
        new string((value ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim().ToUpperInvariant().Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static bool IsValid(string? value) => Check(value, out _) is null;

    /// <summary>Null when valid (with its <paramref name="kind"/>), otherwise a reason in Traditional Chinese.</summary>
    public static string? Check(string? value, out NationalIdKind kind)
    {
        kind = default;
        var id = Normalise(value);
        if (id.Length != 10)
        {
            return "身分證號或居留證號須為 10 碼";
        }

        if (!char.IsAsciiLetterUpper(id[0]))
        {
            return "第 1 碼須為英文字母";
        }

        int second;
        if (id[1] is '1' or '2')
        {
            kind = NationalIdKind.Citizen;
            second = id[1] - '0';
        }
        else if (id[1] is '8' or '9')
        {
            kind = NationalIdKind.ResidentNew;
            second = id[1] - '0';
        }
        else if (id[1] is >= 'A' and <= 'D')
        {
            kind = NationalIdKind.ResidentOld;
            second = LetterValues[id[1] - 'A'] % 10;
        }
        else
        {
            return "第 2 碼須為 1、2（國民）、8、9 或 A-D（居留證）";
        }

        if (id.AsSpan(2).ContainsAnyExcept("0123456789"))
        {
            return "第 3 至 10 碼須為數字";
        }

        var letter = LetterValues[id[0] - 'A'];
        Span<int> digits = [letter / 10, letter % 10, second, 0, 0, 0, 0, 0, 0, 0, 0];
        for (var i = 2; i < 10; i++)
        {
            digits[i + 1] = id[i] - '0';
        }

        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += digits[i] * Weights[i];
        }

        return sum % 10 == 0 ? null : "檢查碼錯誤";
    }

    /// <summary>Makes a valid number of <paramref name="kind"/> from a letter and eight digits (the last becomes the check digit). For demo data.</summary>
    public static string Create(char letter, NationalIdKind kind, int genderOrClass, int sevenDigits)
    {
        var secondChar = kind switch
        {
            NationalIdKind.Citizen => (char)('0' + (genderOrClass == 2 ? 2 : 1)),
            NationalIdKind.ResidentNew => (char)('0' + (genderOrClass == 9 ? 9 : 8)),
            _ => (char)('A' + Math.Clamp(genderOrClass, 0, 3)),
        };
        var body = sevenDigits.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        for (var check = 0; check <= 9; check++)
        {
            var candidate = string.Concat(letter.ToString(), secondChar.ToString(), body, check.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (IsValid(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No check digit fits; the letter or body is malformed.");
    }
}
