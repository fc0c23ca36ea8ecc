using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.BankTransfer;

/// <summary>
/// A bank file written in a profile (<c>achp01</c>, <c>pain001</c> or a layout's name) from the credits given, outside any
/// run: the test file a bank asks for before it accepts a format, and the writers' sizing. Nothing is stored or recorded;
/// whoever sends it supplies (and keeps) the data.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.Admin, Systems = [SystemActors.Benchmark])]
public sealed record WriteTestBankFile(string Profile, TestBankFileHeader Header, IReadOnlyList<TestBankCredit> Credits, Actor Actor) : IRequest<byte[]>;

public sealed record TestBankFileHeader(string Period, string PayerBank, string PayerAccount, string PayerName, DateTimeOffset CreatedAt, DateOnly PayDate);

/// <summary>One credit: the payee's bank (3-digit bank + 4-digit branch), account and the amount in whole NT$.</summary>
public sealed record TestBankCredit(string EmployeeNo, string Name, string PayeeBank, string PayeeAccount, long Amount);

/// <summary>Reads a bank's answer to an ACHP01 file without applying it to any run: how many credits it paid and rejected.</summary>
[SentBy(Roles.PayrollOperator, Roles.Admin, Systems = [SystemActors.Benchmark])]
public sealed record ReadTestBankReturn(byte[] Content, Actor Actor) : IRequest<TestBankReturn>;

public sealed record TestBankReturn(int Details, int Paid, int Rejected);
