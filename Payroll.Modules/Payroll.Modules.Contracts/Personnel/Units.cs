using Mediator;

namespace Payroll.Modules.Contracts.Personnel;

/// <summary>
/// Imports paying units from a sheet 發薪單位 (代碼, 名稱, 上級代碼, 銀行代碼, 分行代碼, 帳號, 聯絡人): all rows or none,
/// an upsert by code; a parent may be a unit of the same file.
/// </summary>
public sealed record ImportUnits(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>;

/// <summary>Imports bank and branch codes from a sheet 銀行分行 (銀行代碼, 銀行名稱, 分行代碼, 分行名稱): all rows or none.</summary>
public sealed record ImportBankCodes(byte[] Workbook, string FileName, Actor Actor) : IRequest<EmployeeImportResult>;

/// <summary>The paying units' own accounts (the payer side of a bank file), every unit when no codes are given.</summary>
public sealed record GetPayerAccounts(IReadOnlyList<string> UnitCodes) : IRequest<IReadOnlyList<PayerAccount>>;

public sealed record PayerAccount(string UnitCode, string UnitName, string BankCode, string BranchCode, string Account);
