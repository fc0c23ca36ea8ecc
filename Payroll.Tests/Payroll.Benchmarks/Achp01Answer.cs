using System.Text;

namespace Payroll.Benchmarks;

/// <summary>
/// The bank's answer to an ACHP01 file, as the clearing house returns it: the same records, each credit's two-digit
/// response code filled in at byte 70 ("00" paid). Records are 250 bytes and CR LF; the header is record 0.
/// </summary>
internal static class Achp01Answer
{
    private const int RecordWithLineEnd = 252;
    private const int ResponseAt = 70;

    /// <summary>The file with every credit answered: rejected as <paramref name="rejectCode"/> when <paramref name="reject"/> says so.</summary>
    public static byte[] Of(byte[] file, int credits, Func<int, bool> reject, string rejectCode = "04")
    {
        var answer = (byte[])file.Clone();
        for (var n = 1; n <= credits; n++)
        {
            Encoding.ASCII.GetBytes(reject(n) ? rejectCode : "00", 0, 2, answer, (n * RecordWithLineEnd) + ResponseAt);
        }

        return answer;
    }
}
