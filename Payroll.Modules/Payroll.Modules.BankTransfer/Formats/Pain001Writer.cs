using System.Globalization;
using System.Text;
using System.Xml;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.BankTransfer.Formats;

/// <summary>
/// ISO 20022 customer credit transfer initiation, <c>pain.001.001.03</c>, in TWD: one payment information block for the
/// payer account, one transaction per person; accounts as <c>Othr/Id</c>, banks by clearing-system member id (bank and
/// branch, 7 digits). Deterministic: ids and the creation time come from the run. Valid against the official XSD
/// (embedded as <see cref="SchemaResource"/>). Written element by element to the stream.
/// </summary>
internal static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
    public const string SchemaResource = "Payroll.Modules.BankTransfer.Formats.pain.001.001.03.xsd";

    public static void Write(Stream output, BankFile file, IReadOnlyCollection<Payment> payments)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using var x = XmlWriter.Create(output, settings);
        var count = payments.Count.ToString(CultureInfo.InvariantCulture);
        var sum = Amount(payments.Sum(p => p.Amount));

        x.WriteStartDocument();
        x.WriteStartElement("Document", Namespace);
        x.WriteStartElement("CstmrCdtTrfInitn");
        x.WriteStartElement("GrpHdr");
        x.WriteElementString("MsgId", Namespace, file.MessageId);
        x.WriteElementString("CreDtTm", Namespace, RocDate.InTaipei(file.CreatedAt).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        x.WriteElementString("NbOfTxs", Namespace, count);
        x.WriteElementString("CtrlSum", Namespace, sum);
        x.WriteStartElement("InitgPty");
        x.WriteElementString("Nm", Namespace, Max(file.PayerName, 140));
        x.WriteEndElement();
        x.WriteEndElement();

        x.WriteStartElement("PmtInf");
        x.WriteElementString("PmtInfId", Namespace, file.MessageId + "-1");
        x.WriteElementString("PmtMtd", Namespace, "TRF");
        x.WriteElementString("NbOfTxs", Namespace, count);
        x.WriteElementString("CtrlSum", Namespace, sum);
        x.WriteStartElement("PmtTpInf");
        x.WriteStartElement("CtgyPurp");
        x.WriteElementString("Cd", Namespace, file.IsBonus ? "BONU" : "SALA");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteElementString("ReqdExctnDt", Namespace, file.PayDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        x.WriteStartElement("Dbtr");
        x.WriteElementString("Nm", Namespace, Max(file.PayerName, 140));
        x.WriteEndElement();
        Account(x, "DbtrAcct", file.PayerAccount);
        Agent(x, "DbtrAgt", file.PayerBank);
        x.WriteElementString("ChrgBr", Namespace, "SLEV");

        foreach (var p in payments)
        {
            x.WriteStartElement("CdtTrfTxInf");
            x.WriteStartElement("PmtId");
            x.WriteElementString("EndToEndId", Namespace, Max($"R{file.RunId}-{p.EmployeeNo}", 35));
            x.WriteEndElement();
            x.WriteStartElement("Amt");
            x.WriteStartElement("InstdAmt");
            x.WriteAttributeString("Ccy", "TWD");
            x.WriteString(Amount(p.Amount));
            x.WriteEndElement();
            x.WriteEndElement();
            Agent(x, "CdtrAgt", p.PayeeBank);
            x.WriteStartElement("Cdtr");
            x.WriteElementString("Nm", Namespace, Max(p.Name, 140));
            x.WriteEndElement();
            Account(x, "CdtrAcct", p.PayeeAccount);
            x.WriteStartElement("RmtInf");
            x.WriteElementString("Ustrd", Namespace, Max($"{(file.IsBonus ? "獎金" : "薪資")} {file.Period}", 140));
            x.WriteEndElement();
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndDocument();
    }

    private static void Account(XmlWriter x, string element, string account)
    {
        x.WriteStartElement(element);
        x.WriteStartElement("Id");
        x.WriteStartElement("Othr");
        x.WriteElementString("Id", Namespace, account);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Agent(XmlWriter x, string element, string bank)
    {
        x.WriteStartElement(element);
        x.WriteStartElement("FinInstnId");
        x.WriteStartElement("ClrSysMmbId");
        x.WriteElementString("MmbId", Namespace, bank);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    }

    // TWD has no minor unit in practice; amounts are whole dollars.
    private static string Amount(long amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static string Max(string text, int length) => text.Length <= length ? text : text[..length];
}
