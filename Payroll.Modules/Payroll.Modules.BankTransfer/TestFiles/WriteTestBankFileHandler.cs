using Mediator;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.BankTransfer.Profiles;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Modules.BankTransfer.TestFiles;

/// <summary>Writes the credits in the profile's format, exactly as a run's file would be written (run id 0).</summary>
internal sealed class WriteTestBankFileHandler(BankProfiles profiles) : IRequestHandler<WriteTestBankFile, byte[]>
{
    public ValueTask<byte[]> Handle(WriteTestBankFile request, CancellationToken cancellationToken)
    {
        var profile = profiles.Get(request.Profile);
        var h = request.Header;
        var file = new BankFile(0, h.Period, false, h.PayerBank, h.PayerAccount, h.PayerName, h.CreatedAt, h.PayDate);
        var payments = request.Credits.Select((c, i) => new Payment(i + 1, c.EmployeeNo, c.Name, c.PayeeBank, c.PayeeAccount, c.Amount)).ToList();
        using var stream = new MemoryStream();
        profile.Write(stream, file, payments);
        return ValueTask.FromResult(stream.ToArray());
    }
}
