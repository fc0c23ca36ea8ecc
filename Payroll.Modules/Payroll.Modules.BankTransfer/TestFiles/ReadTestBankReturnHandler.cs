using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Contracts.BankTransfer;

namespace Payroll.Modules.BankTransfer.TestFiles;

/// <summary>Parses an ACHP01 answer with the same reader a run's result file goes through, and counts its outcomes.</summary>
internal sealed class ReadTestBankReturnHandler(IOptions<BankTransferOptions> options) : IRequestHandler<ReadTestBankReturn, TestBankReturn>
{
    public ValueTask<TestBankReturn> Handle(ReadTestBankReturn request, CancellationToken cancellationToken)
    {
        var details = Achp01Return.Parse(request.Content, options.Value.Achp01AmountInCents);
        var paid = details.Count(d => d.Code == Achp01Return.Success);
        return ValueTask.FromResult(new TestBankReturn(details.Count, paid, details.Count - paid));
    }
}
