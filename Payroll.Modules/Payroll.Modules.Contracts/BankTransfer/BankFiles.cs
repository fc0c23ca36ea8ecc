using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.BankTransfer;

/// <summary>
/// Writes the bank files of an approved run: one per payer account, in that account's profile, every payee checked
/// first. People named in <paramref name="HoldBack"/> (employee numbers) are left out and listed as held; any other
/// payee who fails a check blocks the generation. The same run and hold-back give the same bytes. Refused once the
/// run is released.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.Admin)]
public sealed record GenerateBankFiles(long RunId, IReadOnlyList<string> HoldBack, Actor Actor) : IRequest<BankGeneration>;

/// <summary>Releases the run's current generation: a <c>PayrollApprover</c> who did not generate it; marks the run Paid. Once per run.</summary>
[SentBy(Roles.PayrollApprover)]
public sealed record ReleaseBankFiles(long RunId, Actor Actor) : IRequest<BankGeneration>;

/// <summary>The run's current generation (released or not), or null when no file was generated.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetBankGeneration(long RunId, Actor Actor) : IRequest<BankGeneration?>;

public sealed record BankGeneration(
    long GenerationId,
    long RunId,
    string GeneratedBy,
    DateTimeOffset GeneratedAt,
    string? ReleasedBy,
    DateTimeOffset? ReleasedAt,
    IReadOnlyList<BankFileSummary> Files,
    IReadOnlyList<HeldPayment> Held,
    PaymentStatusCounts Status,
    IReadOnlyList<string> Notes);

/// <summary>One file: its payer account (masked), profile, what it holds, and the SHA-256 to confirm with the bank.</summary>
public sealed record BankFileSummary(
    long FileId, string PayerBank, string PayerAccountMasked, string PayerName, string Profile, string FileName, string DocumentId, string Sha256, long Size, int Count, long Total);

public sealed record HeldPayment(string EmployeeNo, string UnitCode, long Amount, string Reason);

public sealed record PaymentStatusCounts(int Generated, int Sent, int Paid, int Rejected, int Held);

/// <summary>Checks every payee of a run without writing anything: the problems per person.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record CheckBankPayees(long RunId, Actor Actor) : IRequest<IReadOnlyList<PayeeProblem>>;

public sealed record PayeeProblem(string EmployeeNo, string UnitCode, string Field, string Message);

/// <summary>
/// The same generation as <see cref="GenerateBankFiles"/>, in the named profile for every payer account (<c>achp01</c>,
/// <c>pain001</c> or a layout file's name; the account's own profile when null), returning the bytes as well: for the
/// command line, which writes them to files. Stored in the Vault and recorded like any generation.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.Admin)]
public sealed record ExportBankFiles(long RunId, string? Profile, IReadOnlyList<string> HoldBack, Actor Actor) : IRequest<BankExport>;

public sealed record BankExport(BankGeneration Generation, IReadOnlyList<byte[]> Contents);

/// <summary>
/// Reads the bank's result file for a released file (ACH: the response code of each detail) and marks each payment paid
/// or rejected with the reason. All or nothing; a detail that matches no payment of the file names its line.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin)]
public sealed record ImportBankReturn(long RunId, byte[] Content, string FileName, Actor Actor) : IRequest<BankReturnResult>;

public sealed record BankReturnResult(long FileId, int Paid, int Rejected, IReadOnlyList<RejectedPayment> Rejections);

public sealed record RejectedPayment(string EmployeeNo, string UnitCode, long Amount, string Code, string Reason);

/// <summary>The people of a run whose pay did not reach them (held back, or rejected by the bank): the input of an off-cycle run.</summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record GetUnpaidPayments(long RunId, Actor Actor) : IRequest<IReadOnlyList<UnpaidPayment>>;

public sealed record UnpaidPayment(long EmployeeId, string EmployeeNo, string UnitCode, long Amount, string Status, string Reason);

/// <summary>Sets the bank profile of a payer account (bank 3 + branch 4 digits, account); <c>achp01</c> when none is set.</summary>
[SentBy(Roles.Admin)]
public sealed record SetPayerProfile(string PayerBank, string PayerAccount, string Profile, Actor Actor) : IRequest;
