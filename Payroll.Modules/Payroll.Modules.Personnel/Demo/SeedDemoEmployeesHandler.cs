using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Identity;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Personnel.Employees;
using static Payroll.Modules.Personnel.Demo.DemoCity;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Personnel.Demo;

/// <summary>
/// A batch of demo people (employee numbers D000001…), each with one version from their hire date and, for about one in
/// ten, a promotion from 2026-07-01. Deterministic for a seed and batch; a batch already seeded is skipped.
/// </summary>
internal sealed class SeedDemoEmployeesHandler(IDbConnectionFactory db, EmployeeVersions versions, IClock clock)
    : IRequestHandler<SeedDemoEmployees, DemoEmployees>
{
    public const string CanaryName = "金絲雀測試員";
    public const string CanaryAccount = "99887766554433";
    public const string CanaryEmail = "canary.kinsijue@demo.taipei.invalid";

    /// <summary>
    /// The canary person's pay: a contract staff member at 797 薪點, a count nobody else has (the others' are multiples of
    /// ten up to 500), so their monthly pay is an amount no one else in the city is paid. A leak test finds it in the
    /// run and searches every copy of the data for it.
    /// </summary>
    public const int CanaryPoints = 797;

    private const string UnitsSql = "SELECT id FROM personnel_unit WHERE is_demo = TRUE ORDER BY code";

    private const string IdsSql = "SELECT employee_no, id FROM personnel_employee WHERE employee_no >= @first AND employee_no <= @last AND LENGTH(employee_no) = @length";

    private static readonly string[] EmployeeColumns = ["employee_no", "is_demo", "created_at", "created_by"];

    private static readonly string[] AppraisalColumns = ["employee_id", "year", "grade", "decided_on", "recorded_at", "recorded_by"];

    public async ValueTask<DemoEmployees> Handle(SeedDemoEmployees request, CancellationToken cancellationToken)
    {
        // Not HashCode.Combine: it is seeded per process, and the same seed must give the same city everywhere.
        var random = new Random(unchecked((request.Seed * 1_000_003) + request.First));
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        string No(int i) => string.Create(CultureInfo.InvariantCulture, $"D{i:000000}");
        var numbers = Enumerable.Range(request.First, request.Count).Select(No).ToList();

        await using var c = await db.OpenAsync(cancellationToken);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(SeedDemoUnitsHandler.RealPeopleSql, cancellationToken: cancellationToken)) > 0)
        {
            throw new ConflictException("This database holds real people: the demo city is seeded into a new database only.");
        }

        var units = (await c.QueryAsync<long>(new CommandDefinition(UnitsSql, cancellationToken: cancellationToken))).AsList();
        if (units.Count == 0)
        {
            throw new ConflictException("Seed the demo units first.");
        }

        var existing = await IdsAsync(c, null, numbers, cancellationToken);
        if (existing.Count > 0)
        {
            return new DemoEmployees(0, []);
        }

        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await BulkInsert.RunAsync(c, tx, "personnel_employee", EmployeeColumns, numbers.Select(n => new object?[] { n, true, now, request.Actor.Name }), cancellationToken);
        var ids = (await IdsAsync(c, tx, numbers, cancellationToken)).ToDictionary(x => x.No, x => x.Id, StringComparer.Ordinal);

        var canaries = new List<string>();
        var rows = new List<object?[]>(request.Count + (request.Count / 8));

        // 2025 appraisals for those employed all that year (甲 75%, 乙 22%, 丙 3%), from a generator of their own so the
        // people stay the same whatever is added here.
        var grades = new Random(unchecked((request.Seed * 1_000_033) + request.First));
        var appraisals = new List<object?[]>(request.Count);
        for (var i = request.First; i < request.First + request.Count; i++)
        {
            // Every draw from the generators follows the person as made, so the canary changes no one else.
            var made = MakePerson(random, No(i), i);
            var person = made;
            if (i == 1)
            {
                // Canary values: a name, an account number and an e-mail address that appear nowhere else, and a pay no one
                // else has (CanaryPoints), for leak tests.
                person = person with
                {
                    Name = CanaryName, BankAccount = CanaryAccount, Email = CanaryEmail, Category = StaffCategory.ContractStaff, Rank = null, Grade = null,
                    SalaryPoints = CanaryPoints, ProfessionalAllowanceTable = null, ProfessionalAllowanceLevel = null, SupervisorAllowanceLevel = null,
                    AreaAllowance = null, InsuranceGroup = "勞保", Withholding = WithholdingMethod.Table, TaxResident = true, Status = EmploymentStatus.Active,
                };
                canaries.AddRange([CanaryName, CanaryAccount, person.NationalId, CanaryEmail]);
            }

            var unitId = units[random.Next(units.Count)];
            // Hired at 20 or later, between 1995 and 2025; those who left or are on leave did so by mid-2026.
            var hired = new DateOnly(random.Next(Math.Max(1995, person.BirthDate.Year + 20), 2026), random.Next(1, 13), 1);
            var statusDate = made.Status == EmploymentStatus.Active ? hired : Min(hired.AddMonths(random.Next(1, 120)), new DateOnly(2026, 6, 1));
            rows.Add(versions.Row(ids[person.EmployeeNo], unitId, person with { StatusDate = person.Status == EmploymentStatus.Active ? hired : statusDate }, hired, "示範資料：到職", request.Actor.Name, now));
            if (made.Status == EmploymentStatus.Active && hired.Year < 2025)
            {
                var grade = grades.Next(100) switch { < 75 => AppraisalGrade.Jia, < 97 => AppraisalGrade.Yi, _ => AppraisalGrade.Bing };
                appraisals.Add([ids[person.EmployeeNo], 2025, grade.ToString(), "2026-01-15", now, request.Actor.Name]);
            }

            if (made.Category == StaffCategory.CivilServant && random.Next(10) == 0 && made.Status == EmploymentStatus.Active && person == made)
            {
                var promoted = person with { Grade = Math.Min(14, person.Grade!.Value + 1), SalaryPoints = OnTable(CivilServantPoints, person.SalaryPoints!.Value + 30), StatusDate = hired };
                rows.Add(versions.Row(ids[person.EmployeeNo], unitId, promoted, new DateOnly(2026, 7, 1), "示範資料：升等", request.Actor.Name, now));
            }
        }

        await EmployeeVersions.InsertAsync(c, tx, rows, cancellationToken);
        await BulkInsert.RunAsync(c, tx, "personnel_appraisal", AppraisalColumns, appraisals, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new DemoEmployees(request.Count, canaries) { PayCanary = request.First == 1 ? No(1) : null };
    }

    // The 俸點 of the salary-points table (Salary's shipped 俸額表): the 46 points of the civil servants' 俸表, and the teachers' points.
    private static readonly int[] CivilServantPoints =
        [160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300, 310, 320, 330, 340, 350, 360, 370, 385, 400, 415, 430, 445, 460, 475, 490, 505, 520, 535, 550,
         590, 610, 630, 650, 670, 690, 710, 730, 750, 780, 790, 800];

    private static readonly int[] TeacherPoints =
        [190, 200, 210, 220, 230, 245, 260, 275, 290, 310, 330, 350, 370, 390, 410, 430, 450, 475, 500, 525, 550, 575, 600, 625, 650, 680];

    /// <summary>The table's point at or above <paramref name="points"/> (the top one beyond it).</summary>
    private static int OnTable(int[] table, int points) => table.FirstOrDefault(p => p >= points, table[^1]);

    /// <summary>The ids of these numbers, by range per length (D999999 sorts after D1000000 as text).</summary>
    private static async Task<List<(string No, long Id)>> IdsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, List<string> numbers, CancellationToken ct)
    {
        var found = new List<(string No, long Id)>();
        foreach (var group in numbers.GroupBy(n => n.Length))
        {
            found.AddRange(await c.QueryAsync<(string No, long Id)>(new CommandDefinition(IdsSql, new { first = group.First(), last = group.Last(), length = group.Key }, tx, cancellationToken: ct)));
        }

        return found;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static EmployeeInput MakePerson(Random random, string employeeNo, int index)
    {
        var category = random.Next(100) switch
        {
            < 60 => StaffCategory.CivilServant,
            < 85 => StaffCategory.Teacher,
            < 95 => StaffCategory.ContractStaff,
            _ => StaffCategory.Worker,
        };
        var grade = category == StaffCategory.CivilServant ? Math.Clamp((int)Math.Round(6 + (random.NextDouble() * 2 - 1) * 4), 1, 14) : (int?)null;
        int? points = category switch
        {
            // Grade → points (DOMAIN.md §1: 委1 160 … 簡13 710, 年功 up to 800), spread within the grade, on the 俸點 of the table.
            StaffCategory.CivilServant => OnTable(CivilServantPoints, 160 + ((grade!.Value - 1) * 43) + random.Next(0, 60)),
            StaffCategory.Teacher => TeacherPoints[random.Next(TeacherPoints.Length)],
            // 約聘僱 薪點 and 工友 工餉 points, paid at the value of a point.
            StaffCategory.ContractStaff => 240 + (random.Next(0, 27) * 10),
            _ => 160 + (random.Next(0, 15) * 10),
        };
        var resident = random.Next(100) < 2;
        var female = random.Next(2) == 0;
        var nationalId = NationalId.Create(
            (char)('A' + random.Next(26)), resident ? NationalIdKind.ResidentNew : NationalIdKind.Citizen, female ? 2 : 1, (int)((((long)index * 7_919) + random.Next(1000)) % 10_000_000));
        var given = Pick(random, GivenChars) + Pick(random, GivenChars);
        var status = random.Next(100) switch { < 97 => EmploymentStatus.Active, < 99 => EmploymentStatus.UnpaidLeave, _ => EmploymentStatus.Left };
        return new EmployeeInput(
            employeeNo,
            UnitCode: "",
            Name: PickSurname(random) + given,
            RomanisedName: null,
            NationalId: nationalId,
            BirthDate: new DateOnly(random.Next(1962, 2002), random.Next(1, 13), random.Next(1, 29)),
            category,
            Rank: grade switch { null => null, <= 5 => "委任", <= 9 => "薦任", _ => "簡任" },
            grade,
            points,
            ProfessionalAllowanceTable: category == StaffCategory.CivilServant ? "一般行政" : null,
            ProfessionalAllowanceLevel: grade,
            SupervisorAllowanceLevel: grade >= 7 && random.Next(8) == 0 ? random.Next(1, 5) : null,
            AreaAllowance: random.Next(100) == 0 ? "陽明山地區" : null,
            NhiDependents: random.Next(0, 5),
            InsuranceGroup: category == StaffCategory.ContractStaff || category == StaffCategory.Worker ? "勞保" : "公保",
            Pension: random.Next(10) == 0 ? PensionScheme.PersonalAccount : PensionScheme.OldFund,
            Withholding: random.Next(10) == 0 ? WithholdingMethod.FivePercent : WithholdingMethod.Table,
            TaxDependents: random.Next(0, 4),
            TaxResident: !resident || random.Next(2) == 0,
            BankCode: Pick(random, Banks),
            BranchCode: random.Next(1, 9999).ToString("0000", CultureInfo.InvariantCulture),
            BankAccount: random.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(CultureInfo.InvariantCulture),
            // About 5% have no e-mail address (DEMO: letters, not e-mail, reach them).
            Email: random.Next(100) < 5 ? null : string.Create(CultureInfo.InvariantCulture, $"{employeeNo.ToLowerInvariant()}@demo.taipei.invalid"),
            Mobile: "09" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            Address: string.Create(CultureInfo.InvariantCulture, $"臺北市{Pick(random, Districts)}{Pick(random, Streets)}{random.Next(1, 400)}號"),
            status,
            StatusDate: new DateOnly(2025, random.Next(1, 13), 1));
    }
}
