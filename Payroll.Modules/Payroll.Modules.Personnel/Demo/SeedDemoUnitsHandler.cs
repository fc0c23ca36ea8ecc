using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using static Payroll.Modules.Personnel.Demo.DemoCity;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Personnel.Demo;

/// <summary>Paying units of the demo city: agencies, district offices and schools under them (codes U0001…).</summary>
internal sealed class SeedDemoUnitsHandler(IDbConnectionFactory db, IClock clock) : IRequestHandler<SeedDemoUnits, int>
{
    internal const string RealPeopleSql = "SELECT COUNT(*) FROM personnel_employee WHERE is_demo = FALSE";

    private const string InsertUnitSql = """
        INSERT INTO personnel_unit (code, name, parent_id, payer_bank_code, payer_branch_code, payer_account, contact, budget_code, is_demo, created_at, created_by)
        VALUES (@code, @name, @parentId, '004', @branch, @account, @contact, @budget, TRUE, @now, @actor)
        ON CONFLICT (code) DO NOTHING
        RETURNING id
        """;

    public async ValueTask<int> Handle(SeedDemoUnits request, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(RealPeopleSql, cancellationToken: cancellationToken)) > 0)
        {
            throw new ConflictException("This database holds real people: the demo city is seeded into a new database only.");
        }

        var random = new Random(request.Seed);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var created = 0;
        long? education = null, civil = null;
        for (var i = 1; i <= request.Units; i++)
        {
            string name, budget;
            long? parent = null;
            if (i <= Agencies.Length)
            {
                name = "臺北市政府" + Agencies[i - 1];
                budget = "一般行政－人員維持";
            }
            else if (i <= Agencies.Length + Districts.Length)
            {
                name = "臺北市" + Districts[i - Agencies.Length - 1] + "公所";
                budget = "區行政－人員維持";
                parent = civil;
            }
            else
            {
                budget = "學校教育－人員維持";
                var n = i - Agencies.Length - Districts.Length;
                name = string.Create(CultureInfo.InvariantCulture, $"臺北市{Pick(random, Districts)[..2]}{(n % 3) switch { 0 => "國民小學", 1 => "國民中學", _ => "高級中學" }}（示範{n:000}）");
                parent = education;
            }

            var id = await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(InsertUnitSql, new
            {
                code = string.Create(CultureInfo.InvariantCulture, $"U{i:0000}"),
                name,
                parentId = parent,
                branch = random.Next(1, 9999).ToString("0000", CultureInfo.InvariantCulture),
                account = random.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(CultureInfo.InvariantCulture),
                contact = "人事室（示範資料）",
                budget,
                now,
                actor = request.Actor.Name,
            }, tx, cancellationToken: cancellationToken));
            created += id is null ? 0 : 1;
            if (name.EndsWith("教育局", StringComparison.Ordinal))
            {
                education = id;
            }
            else if (name.EndsWith("民政局", StringComparison.Ordinal))
            {
                civil = id;
            }
        }

        await tx.CommitAsync(cancellationToken);
        return created;
    }
}
