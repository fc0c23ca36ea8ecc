using System.Globalization;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.Breach.Notices;

/// <summary>
/// The free text kept with a notice: a mail server's answer (<c>failure</c>, which names the address it refused) and
/// what became of a letter or e-mail (<c>delivery</c>, typed by an officer: "signed for by ..."). Both are sealed like
/// every other personal value (<see cref="SealedText"/>), bound to the notice's row.
/// </summary>
internal static class NoticeTexts
{
    public const string Table = "breach_notice";
    public const string Failure = "failure";
    public const string Delivery = "delivery";

    public static string? Seal(FieldCipher cipher, string? text, string column, long noticeId) => cipher.Seal(text, Table, column, RowId(noticeId));

    public static string? Open(FieldCipher cipher, string? stored, string column, long noticeId) => cipher.Open(stored, Table, column, RowId(noticeId));

    private static string RowId(long noticeId) => noticeId.ToString(CultureInfo.InvariantCulture);
}
