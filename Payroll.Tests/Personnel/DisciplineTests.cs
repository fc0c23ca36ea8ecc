using ClosedXML.Excel;
using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Errors;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// 獎懲 (公務人員考績法 §12; 懲戒處分 under 公務員懲戒法): entered or imported by HR clerks only, checked by basis,
/// corrected and withdrawn through the change log, shown to the person, and given to the year-end bonus by year.
/// </summary>
public sealed class DisciplineTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr", clientIp: "10.0.0.5", userAgent: "test");
    private long _personId;
    private long _secondId;

    [OneTimeSetUp]
    public async Task PeopleAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(1, 41, TestActors.Staff));
        _personId = await SaveApprovedAsync(new SaveEmployee(TestData.Person("D0001"), new DateOnly(2026, 1, 1), "到職", Clerk));
        _secondId = await SaveApprovedAsync(new SaveEmployee(TestData.Person("D0002", "李小華", "B123456780"), new DateOnly(2026, 1, 1), "到職", Clerk));
    }

    [Test]
    public async Task Record_Correct_Withdraw_EachInTheChangeLog_AndThePersonSeesTheirOwn()
    {
        var id = await SendAsync(new RecordDiscipline("D0001", DisciplineKind.Demerit, DisciplineBasis.Appraisal, new DateOnly(2026, 4, 1), "府人考字第1150000001號", Clerk));
        var corrected = await SendAsync(new CorrectDiscipline(id, DisciplineKind.Reprimand, DisciplineBasis.Appraisal, new DateOnly(2026, 4, 2), "府人考字第1150000001號", false, "核定日期誤植", Clerk));
        Assert.That((corrected.Kind, corrected.DecidedOn), Is.EqualTo((DisciplineKind.Reprimand, new DateOnly(2026, 4, 2))));
        await SendAsync(new CorrectDiscipline(id, corrected.Kind, corrected.Basis, corrected.DecidedOn, corrected.Reference, true, "復審撤銷", Clerk));

        await using var c = await Db.OpenAsync();
        var fields = (await c.QueryAsync<string>("SELECT field FROM vault_change WHERE module = 'Personnel' AND entity = 'discipline' AND entity_id = @id ORDER BY seq",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        Assert.That(fields, Is.EqualTo(new[] { "record", "kind (核定日期誤植)", "decided_on (核定日期誤植)", "withdrawn (復審撤銷)" }));

        var own = Actor.User(60, "d0001", ["Employee"], sessionKey: "s-e1", clientIp: "10.0.0.9", userAgent: "test", employeeId: _personId);
        var mine = await SendAsync(new GetMyDiscipline(own));
        Assert.That(mine.Single(d => d.Id == id).Withdrawn, Is.True, "the person sees the record and that it was withdrawn");
        var other = Actor.User(61, "d0002", ["Employee"], sessionKey: "s-e2", clientIp: "10.0.0.9", userAgent: "test", employeeId: _secondId);
        Assert.That(await SendAsync(new GetEmployeeDiscipline("D0001", other)), Is.Empty, "nobody else's");
        Assert.That(await Services.SendWithinAsync(new GetDisciplineForYear(2026, [_personId])), Has.None.Matches<DisciplineRecord>(d => d.Id == id), "withdrawn: not for the bonus");
    }

    [Test]
    public void OnlyHrClerks_AndEachBasisHasItsKinds()
    {
        var operatorActor = Actor.User(10, "operator", ["PayrollOperator"]);
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new RecordDiscipline("D0001", DisciplineKind.Merit, DisciplineBasis.Appraisal, new DateOnly(2026, 4, 1), "x", operatorActor)));

        var severe = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new RecordDiscipline("D0001", DisciplineKind.SevereSanction, DisciplineBasis.Appraisal, new DateOnly(2026, 4, 1), "x", Clerk)));
        Assert.That(severe!.Errors.Single().Field, Is.EqualTo("獎懲種類"), "平時考核 has no sanction heavier than 記大過");
        var merit = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new RecordDiscipline("D0001", DisciplineKind.Merit, DisciplineBasis.Disciplinary, new DateOnly(2026, 4, 1), "", Clerk)));
        Assert.That(merit!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "獎懲種類", "文號" }));
        var nobody = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new RecordDiscipline("Z9999", DisciplineKind.Merit, DisciplineBasis.Appraisal, new DateOnly(2026, 4, 1), "x", Clerk)));
        Assert.That(nobody!.Errors.Single().Field, Is.EqualTo("員工編號"));
    }

    [Test]
    public async Task Import_AllOrNothing_ProblemsByRow_AndTheSameFileTwiceAddsNothing()
    {
        static byte[] Sheet(params string[][] rows)
        {
            using var book = new XLWorkbook();
            var sheet = book.AddWorksheet("獎懲");
            string[] headings = ["員工編號", "獎懲種類", "依據", "核定日期", "文號"];
            for (var i = 0; i < headings.Length; i++)
            {
                sheet.Cell(1, i + 1).Value = headings[i];
            }

            for (var r = 0; r < rows.Length; r++)
            {
                for (var i = 0; i < rows[r].Length; i++)
                {
                    sheet.Cell(r + 2, i + 1).Value = rows[r][i];
                }
            }

            using var stream = new MemoryStream();
            book.SaveAs(stream);
            return stream.ToArray();
        }

        var before = (await SendAsync(new GetEmployeeDiscipline("D0002", Clerk))).Count;
        var bad = await SendAsync(new ImportDiscipline(Sheet(
            ["D0002", "記功", "平時考核", "115/03/02", "府人考字第1150000010號"],
            ["D0002", "記大功過", "平時考核", "2026-03-02", "府人考字第1150000011號"],
            ["D0002", "記過", "懲戒處分", "2026-13-01", "懲戒法院 115 年度清字第 1 號"]), "bad.xlsx", Clerk));
        Assert.That(bad.Applied, Is.False);
        Assert.That(bad.Problems.Select(p => (p.Row, p.Column)), Is.EquivalentTo(new[] { (3, "獎懲種類"), (4, "核定日期") }));
        Assert.That((await SendAsync(new GetEmployeeDiscipline("D0002", Clerk))).Count, Is.EqualTo(before), "nothing of it was applied");

        var good = Sheet(
            ["D0002", "記功", "平時考核", "115/03/02", "府人考字第1150000010號"],
            ["D0002", "記過", "懲戒處分", "2026-07-01", "懲戒法院 115 年度清字第 1 號"]);
        var first = await SendAsync(new ImportDiscipline(good, "good.xlsx", Clerk));
        Assert.That((first.Applied, first.Created), Is.EqualTo((true, 2)));
        var again = await SendAsync(new ImportDiscipline(good, "good.xlsx", Clerk));
        Assert.That((again.Created, again.Unchanged), Is.EqualTo((0, 2)), "already recorded");

        var year = await Services.SendWithinAsync(new GetDisciplineForYear(2026, [_secondId]));
        Assert.That(year.Select(d => (d.Kind, d.Basis, d.DecidedOn)), Is.EquivalentTo(new[]
        {
            (DisciplineKind.Merit, DisciplineBasis.Appraisal, new DateOnly(2026, 3, 2)),
            (DisciplineKind.Demerit, DisciplineBasis.Disciplinary, new DateOnly(2026, 7, 1)),
        }), "the ROC date 115/03/02 is 2026-03-02");
        Assert.That(await Services.SendWithinAsync(new GetDisciplineForYear(2025, [_secondId])), Is.Empty);
    }
}
