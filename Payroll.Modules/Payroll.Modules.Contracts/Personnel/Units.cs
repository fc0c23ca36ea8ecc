using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// Imports paying units from a sheet 發薪單位 (代碼, 名稱, 上級代碼, 銀行代碼, 分行代碼, 帳號, 聯絡人, and optionally
/// 預算科目): all rows or none, an upsert by code; a parent may be a unit of the same file. Without the 預算科目 column
/// the units keep the budget codes they have.
/// </summary>
[SentBy(Roles.HrClerk, Roles.Admin)]
public sealed record ImportUnits(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <summary>Imports bank and branch codes from a sheet 銀行分行 (銀行代碼, 銀行名稱, 分行代碼, 分行名稱): all rows or none.</summary>
[SentBy(Roles.HrClerk, Roles.Admin)]
public sealed record ImportBankCodes(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>, IWorkbookUpload
{
    public IEnumerable<(string Field, byte[]? Workbook)> Workbooks => [(nameof(Workbook), Workbook)];
}

/// <summary>The paying units' own accounts (the payer side of a bank file), every unit when no codes are given.</summary>
[SentBy(Within = true)]
public sealed record GetPayerAccounts(IReadOnlyList<string> UnitCodes) : IRequest<IReadOnlyList<PayerAccount>>;

public sealed record PayerAccount(string UnitCode, string UnitName, string BankCode, string BranchCode, string Account);

/// <summary>Paying units by code (every unit when none are given): name and 預算科目 (budget code), for cost reports.</summary>
[SentBy(Within = true)]
public sealed record GetPayingUnits(IReadOnlyList<string> UnitCodes) : IRequest<IReadOnlyList<PayingUnit>>;

/// <param name="BudgetCode">The budget line its pay is charged to (預算科目); null when not given.</param>
public sealed record PayingUnit(string Code, string Name, string? BudgetCode);
