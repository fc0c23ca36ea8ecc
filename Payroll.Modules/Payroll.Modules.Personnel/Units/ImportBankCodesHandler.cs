using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Personnel.Import;

namespace Payroll.Modules.Personnel.Units;

internal sealed class ImportBankCodesHandler(IDbConnectionFactory db) : IRequestHandler<ImportBankCodes, EmployeeImportResult>
{
    private static readonly string[] Headings = ["銀行代碼", "銀行名稱", "分行代碼", "分行名稱"];

    private const string UpsertBankSql = """
        INSERT INTO personnel_bank (bank_code, name, source, verified) VALUES (@bank, @name, @source, TRUE)
        ON CONFLICT (bank_code) DO UPDATE SET name = excluded.name, source = excluded.source, verified = TRUE
        """;

    private const string UpsertBranchSql = """
        INSERT INTO personnel_bank_branch (bank_code, branch_code, name) VALUES (@bank, @branch, @name)
        ON CONFLICT (bank_code, branch_code) DO UPDATE SET name = excluded.name
        """;

    public async ValueTask<EmployeeImportResult> Handle(ImportBankCodes request, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var rows = SimpleSheet.Read(request.Workbook, "銀行分行", Headings, problems);
        foreach (var (row, x) in rows)
        {
            if (!Patterns.Bank().IsMatch(x[0]))
            {
                problems.Add(new ImportProblem(row, "銀行代碼", "須為 3 位數字"));
            }

            if (x[1].Length == 0)
            {
                problems.Add(new ImportProblem(row, "銀行名稱", "必填"));
            }

            if (!Patterns.Branch().IsMatch(x[2]))
            {
                problems.Add(new ImportProblem(row, "分行代碼", "須為 4 位數字"));
            }

            if (x[3].Length == 0)
            {
                problems.Add(new ImportProblem(row, "分行名稱", "必填"));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(rows.Count, 0, 0, 0, [.. problems.OrderBy(p => p.Row)]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var (_, x) in rows)
        {
            await c.ExecuteAsync(new CommandDefinition(UpsertBankSql, new { bank = x[0], name = x[1], source = "Excel 匯入：" + request.FileName }, tx, cancellationToken: cancellationToken));
            await c.ExecuteAsync(new CommandDefinition(UpsertBranchSql, new { bank = x[0], branch = x[2], name = x[3] }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return new EmployeeImportResult(rows.Count, rows.Count, 0, 0, []);
    }
}
