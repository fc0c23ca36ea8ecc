using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Payroll.Modules.BankTransfer.Formats;

namespace Payroll.Tests.BankTransfer;

/// <summary>
/// The bank file formats on a small fixed run (DOMAIN.md §3): ACHP01 V10 fixed 250-byte records with CRLF, ROC dates
/// 0YYYMMDD, counts and totals; ISO 20022 pain.001.001.03 valid against the official XSD; names outside Big5 refused by
/// person; the same input always gives the same bytes.
/// </summary>
public sealed class BankFileFormatTests
{
    private static readonly BankFile File = BankSamples.File;

    private static readonly Payment[] Payments = BankSamples.Payments;

    private static byte[] Achp01(BankFile file, IEnumerable<Payment> payments, Achp01Options? options = null)
    {
        using var stream = new MemoryStream();
        Achp01Writer.Write(stream, file, payments, options ?? new Achp01Options());
        return stream.ToArray();
    }

    private static byte[] Pain001(BankFile file, IReadOnlyCollection<Payment> payments)
    {
        using var stream = new MemoryStream();
        Pain001Writer.Write(stream, file, payments);
        return stream.ToArray();
    }

    private static List<byte[]> Records(byte[] content)
    {
        var records = new List<byte[]>();
        for (var at = 0; at < content.Length; at += 252)
        {
            Assert.That(content.AsSpan(at + 250, 2).ToArray(), Is.EqualTo("\r\n"u8.ToArray()), $"CRLF after the record at byte {at}");
            records.Add(content[at..(at + 250)]);
        }

        return records;
    }

    [Test]
    public void Achp01_EveryRecordIs250BytesAndCrlf_HeaderDetailsTrailer()
    {
        var content = Achp01(File, Payments);

        Assert.That(content.Length % 252, Is.Zero, "250 bytes and CRLF per record");
        var records = Records(content);
        Assert.That(records, Has.Count.EqualTo(2 + Payments.Length));
        Assert.That(Encoding.ASCII.GetString(records[0], 0, 40), Is.EqualTo("BOFACHP01" + "01151228" + "100000" + "0040037" + "9990250" + "V10"), "ROC date 115-12-28 in 0YYYMMDD");
        Assert.That(Encoding.ASCII.GetString(records[1], 0, 70), Is.EqualTo("NSC101" + "00000001" + "0040037" + "0000123456789012" + "0120015" + "0000012345678901" + "0000052000"));
        Assert.That(Encoding.ASCII.GetString(records[1], Achp01Writer.ResponseAt, 22), Is.EqualTo("  D000001             "), "response code blank on the way out, then the employee number");
        Assert.That(Encoding.ASCII.GetString(records[^1], 0, 27), Is.EqualTo("EOF" + "00000003" + "0000000000100124"), "count and total of the details");
    }

    [Test]
    public void Achp01_NamesAreBig5_NeverCutInHalf_AndBonusesUse104()
    {
        var records = Records(Achp01(File with { IsBonus = true }, Payments));
        var big5 = PaymentChecks.Strict("big5");

        Assert.That(big5.GetString(records[3], Achp01Writer.NameAt, 40).TrimEnd(), Is.EqualTo("歐陽娜娜"));
        Assert.That(Encoding.ASCII.GetString(records[1], 3, 3), Is.EqualTo("104"));
        var longName = Records(Achp01(File, [Payments[0] with { Name = new string('林', 25) }]))[1];
        Assert.That(big5.GetString(longName, Achp01Writer.NameAt, 40), Is.EqualTo(new string('林', 20)), "20 two-byte characters fill the 40 bytes exactly");
    }

    [Test]
    public void Achp01_AmountUnit_IsAProfileSetting()
    {
        var cents = Records(Achp01(File, Payments, new Achp01Options(AmountInCents: true)));

        Assert.That(Encoding.ASCII.GetString(cents[1], 60, 10), Is.EqualTo("0005200000"));
        Assert.That(Encoding.ASCII.GetString(cents[^1], 11, 16), Is.EqualTo("0000000010012400"));
    }

    [Test]
    public void NameOutsideBig5_IsAPerPersonError_NeverAQuestionMark()
    {
        // 𡘙 (U+21619) is not in Big5: a silent "?" would pay an account under a wrong name.
        var rare = Payments[1] with { Name = "陳𡘙" };

        var problems = PaymentChecks.Check(rare, PaymentChecks.Strict("big5")).ToList();

        Assert.That(problems.Select(p => (p.EmployeeNo, p.Field)), Is.EqualTo(new[] { ("D000002", "姓名") }));
        Assert.That(problems[0].Message, Does.Contain("𡘙"));
        Assert.That(() => Achp01(File, [rare]), Throws.InstanceOf<EncoderFallbackException>(), "the writer refuses rather than substitutes");
    }

    [Test]
    public void Checks_NameEveryBadField()
    {
        var bad = new Payment(9, "D000009", "林", "004", "12-34", 0);

        Assert.That(PaymentChecks.Check(bad, PaymentChecks.Strict("big5")).Select(p => p.Field), Is.EquivalentTo(new[] { "銀行代碼", "帳號", "金額" }));
    }

    [Test]
    public void Pain001_IsValidAgainstTheOfficialSchema_WithCountAndSum()
    {
        var content = Pain001(File, Payments);

        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(Pain001Writer).Assembly.GetManifestResourceStream(Pain001Writer.SchemaResource)!)
        {
            schemas.Add(Pain001Writer.Namespace, XmlReader.Create(xsd));
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(content), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.That(errors, Is.Empty);
        var doc = XDocument.Load(new MemoryStream(content));
        XNamespace ns = Pain001Writer.Namespace;
        Assert.That(doc.Descendants(ns + "GrpHdr").Single().Element(ns + "NbOfTxs")!.Value, Is.EqualTo("3"));
        Assert.That(doc.Descendants(ns + "GrpHdr").Single().Element(ns + "CtrlSum")!.Value, Is.EqualTo("100124"));
        Assert.That(doc.Descendants(ns + "InstdAmt").Select(a => a.Attribute("Ccy")!.Value).Distinct(), Is.EqualTo(new[] { "TWD" }));
        Assert.That(doc.Descendants(ns + "CdtrAgt").First().Descendants(ns + "MmbId").Single().Value, Is.EqualTo("0120015"));
        Assert.That(doc.Descendants(ns + "MsgId").Single().Value, Is.EqualTo("PAYROLL-R7-0040037-9012"));
    }

    [Test]
    public void SameInput_SameBytes_InBothFormats()
    {
        var first = (Achp01(File, Payments), Pain001(File, Payments));
        var again = (Achp01(File, Payments.ToArray()), Pain001(File, Payments.ToList()));

        Assert.That(again.Item1, Is.EqualTo(first.Item1));
        Assert.That(again.Item2, Is.EqualTo(first.Item2));
    }
}
