using System.Text;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Tests.BankTransfer;

/// <summary>A bank's own fixed-width format from a JSON file: widths, alignment, padding, Big5, counts and sums; bad files named by place.</summary>
public sealed class LayoutTests
{
    internal const string SampleLayout = """
        {
          "name": "city-bank-120",
          "encoding": "big5",
          "recordLength": 120,
          "lineEnd": "\r\n",
          "amountInCents": false,
          "header": [ { "value": "H" }, { "field": "payerBank", "width": 7 }, { "field": "payerAccount", "width": 16, "align": "right", "pad": "0" }, { "field": "date", "width": 7, "format": "roc7" } ],
          "detail": [
            { "value": "D" }, { "field": "sequence", "width": 6, "align": "right", "pad": "0" }, { "field": "payeeBank", "width": 7 },
            { "field": "payeeAccount", "width": 16, "align": "right", "pad": "0" }, { "field": "amount", "width": 12, "align": "right", "pad": "0" },
            { "field": "name", "width": 10 }
          ],
          "trailer": [ { "value": "T" }, { "field": "count", "width": 6, "align": "right", "pad": "0" }, { "field": "total", "width": 14, "align": "right", "pad": "0" } ]
        }
        """;

    private static readonly BankFile File = BankSamples.File;

    private static readonly Payment[] Payments =
    [
        new(1, "D000001", "林小華", "0120015", "00012345678901", 52_000),
        new(2, "D000002", "歐陽娜娜妮", "0040037", "1234567890", 48_123),
    ];

    private static byte[] Write(Layout layout, IEnumerable<Payment> payments)
    {
        using var stream = new MemoryStream();
        LayoutWriter.Write(stream, File, payments, layout);
        return stream.ToArray();
    }

    [Test]
    public void SampleLayout_WritesFixedRecords_WithCountAndTotal()
    {
        var content = Write(Layout.Parse(SampleLayout), Payments);

        Assert.That(content.Length, Is.EqualTo(4 * 122), "header, two details, trailer: 120 bytes and CRLF each");
        var big5 = PaymentChecks.Strict("big5");
        var records = Enumerable.Range(0, 4).Select(i => content[(i * 122)..((i * 122) + 120)]).ToList();
        Assert.That(Encoding.ASCII.GetString(records[0], 0, 31), Is.EqualTo("H" + "0040037" + "0000123456789012" + "1151228"));
        Assert.That(Encoding.ASCII.GetString(records[1], 0, 42), Is.EqualTo("D" + "000001" + "0120015" + "0000012345678901" + "000000052000"));
        Assert.That(big5.GetString(records[2], 42, 10), Is.EqualTo("歐陽娜娜妮"), "five two-byte characters fill the 10 bytes");
        Assert.That(Encoding.ASCII.GetString(records[3], 0, 21), Is.EqualTo("T" + "000002" + "00000000100123"));
    }

    [Test]
    public void TooLongANumber_IsRefused_NotCut()
    {
        var narrow = Layout.Parse(SampleLayout.Replace("\"field\": \"amount\", \"width\": 12", "\"field\": \"amount\", \"width\": 4", StringComparison.Ordinal));

        var refused = Assert.Throws<InvalidInputException>(() => Write(narrow, Payments));

        Assert.That(refused!.Errors.Single().Field, Is.EqualTo("D000001: amount"));
    }

    [Test]
    public void BadLayoutFile_IsRefused_NamingEachPlace()
    {
        var bad = """
            { "name": "x", "encoding": "klingon", "recordLength": 10, "lineEnd": "\r\n", "amountInCents": false,
              "header": [ { "field": "iban", "width": 5 } ],
              "detail": [ { "value": "D", "field": "amount", "width": 3 }, { "field": "amount", "width": 30 } ],
              "trailer": [ { "field": "date", "width": 8, "format": "julian" } ] }
            """;

        var refused = Assert.Throws<InvalidInputException>(() => Layout.Parse(bad));

        Assert.That(refused!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "encoding", "header[0].field", "detail[0]", "detail", "trailer[0].format" }));
    }
}
