using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel.Import;

namespace Payroll.Modules.Personnel.Units;

internal sealed class ImportUnitsHandler(IDbConnectionFactory db, IClock clock) : IRequestHandler<ImportUnits, EmployeeImportResult>
{
    // 預算科目 came later: a file without it loads, and leaves the units' budget codes as they are.
    private static readonly string[] Headings = ["代碼", "名稱", "上級代碼", "銀行代碼", "分行代碼", "帳號", "聯絡人", "預算科目"];
    private const int Required = 7;

    private const string CodesSql = "SELECT code FROM personnel_unit";
    private const string BanksSql = "SELECT bank_code FROM personnel_bank";

    private const string UpsertSql = """
        INSERT INTO personnel_unit (code, name, payer_bank_code, payer_branch_code, payer_account, contact, budget_code, is_demo, created_at, created_by)
        VALUES (@code, @name, @bank, @branch, @account, @contact, @budget, FALSE, @now, @actor)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, payer_bank_code = excluded.payer_bank_code,
            payer_branch_code = excluded.payer_branch_code, payer_account = excluded.payer_account, contact = excluded.contact,
            budget_code = CASE WHEN @hasBudget THEN excluded.budget_code ELSE personnel_unit.budget_code END
        """;

    private const string ParentSql = """
        UPDATE personnel_unit SET parent_id = (SELECT p.id FROM personnel_unit p WHERE p.code = @parent) WHERE code = @code
        """;

    public async ValueTask<EmployeeImportResult> Handle(ImportUnits request, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var rows = SimpleSheet.Read(request.Workbook, "發薪單位", Headings, Required, problems, out var present);
        var hasBudget = present[Required];
        if (problems.Count > 0)
        {
            return new EmployeeImportResult(rows.Count, 0, 0, 0, problems);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var existing = (await c.QueryAsync<string>(new CommandDefinition(CodesSql, transaction: tx, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var banks = (await c.QueryAsync<string>(new CommandDefinition(BanksSql, transaction: tx, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, x) in rows)
        {
            if (!Patterns.Code().IsMatch(x[0]))
            {
                problems.Add(new ImportProblem(row, "代碼", "須為 1-20 碼英數字"));
            }
            else if (!inFile.TryAdd(x[0], row))
            {
                problems.Add(new ImportProblem(row, "代碼", $"與第 {inFile[x[0]]} 列重複"));
            }

            if (x[1].Length is 0 or > 100)
            {
                problems.Add(new ImportProblem(row, "名稱", "必填，且不超過 100 字"));
            }

            if (!banks.Contains(x[3]))
            {
                problems.Add(new ImportProblem(row, "銀行代碼", $"查無銀行代碼「{x[3]}」"));
            }

            if (!Patterns.Branch().IsMatch(x[4]))
            {
                problems.Add(new ImportProblem(row, "分行代碼", "須為 4 位數字"));
            }

            if (!Patterns.Account().IsMatch(x[5]))
            {
                problems.Add(new ImportProblem(row, "帳號", "須為 10 至 16 位數字"));
            }

            if (x[7].Length > 50 || x[7].Any(char.IsControl))
            {
                problems.Add(new ImportProblem(row, "預算科目", "不超過 50 字，且不含控制字元"));
            }
        }

        foreach (var (row, x) in rows.Where(r => r.Cells[2].Length > 0))
        {
            if (!existing.Contains(x[2]) && !inFile.ContainsKey(x[2]))
            {
                problems.Add(new ImportProblem(row, "上級代碼", $"查無單位代碼「{x[2]}」"));
            }
            else if (x[2] == x[0])
            {
                problems.Add(new ImportProblem(row, "上級代碼", "不可為自己"));
            }
        }

        if (problems.Count > 0)
        {
            return new EmployeeImportResult(rows.Count, 0, 0, 0, [.. problems.OrderBy(p => p.Row)]);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (_, x) in rows)
        {
            await c.ExecuteAsync(new CommandDefinition(UpsertSql, new
            {
                code = x[0], name = x[1], bank = x[3], branch = x[4], account = x[5], contact = x[6].Length == 0 ? null : x[6],
                budget = x[7].Length == 0 ? null : x[7], hasBudget, now, actor = request.Actor.Name,
            }, tx, cancellationToken: cancellationToken));
        }

        foreach (var (_, x) in rows.Where(r => r.Cells[2].Length > 0))
        {
            await c.ExecuteAsync(new CommandDefinition(ParentSql, new { parent = x[2], code = x[0] }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        var created = rows.Count(r => !existing.Contains(r.Cells[0]));
        return new EmployeeImportResult(rows.Count, created, rows.Count - created, 0, []);
    }
}
