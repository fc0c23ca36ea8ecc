using Payroll.Modules.Kernel.Errors;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Breach;

/// <summary>
/// Notices under PDPA art. 12 and Enforcement Rules art. 22 on each engine, through a real SMTP server: the statutory
/// check refuses each missing element; a second officer approves the launch; every affected person gets exactly one
/// notice by exactly one channel (e-mail, or a letter when they have no address or the address is refused for good);
/// a transient refusal is retried later and sent once; each notice holds only its recipient's own data; a notice left
/// "sending" by a crash goes to review and is never resent; letters are printed per unit with correct Chinese text.
/// </summary>
public sealed class NoticeTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Officer = Actor.User(40, "officer-a", ["ComplianceOfficer"], sessionKey: "s-a", clientIp: "10.0.0.9", userAgent: "test");
    private static readonly Actor Officer2 = Actor.User(41, "officer-b", ["ComplianceOfficer"], sessionKey: "s-b", clientIp: "10.0.0.8", userAgent: "test");
    private static readonly Actor Cli = TestActors.Staff;
    private TestSmtpServer? _smtp;
    private IReadOnlyList<NoticeRecipient> _people = [];

    private TestSmtpServer Smtp => _smtp ??= TestSmtpServer.Start();

    protected override IEnumerable<string> ExtraArgs => [.. Smtp.ConfigArgs(), "--Payroll:Breach:RetryDelay=00:00:30"];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(3, 21, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 60, 21, TestActors.Staff));
        var ids = (await Services.SendWithinAsync(new FindEmployees(Enumerable.Range(1, 60).Select(i => string.Create(CultureInfo.InvariantCulture, $"D{i:000000}")).ToList()))).Select(e => e.EmployeeId).ToList();
        _people = await Services.SendWithinAsync(new GetNoticeRecipients(ids));
    }

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    private async Task<long> ReadyIncidentAsync(IEnumerable<NoticeRecipient> people)
    {
        var id = await SendAsync(new CreateIncident(new IncidentInput("薪資清冊外洩", Clock.UtcNow, 2, BreachRuleSet.Pdpa,
            OccurredFrom: Clock.UtcNow.AddDays(-3), OccurredTo: Clock.UtcNow.AddDays(-1), Facts: "薪資清冊於 11 月 17 日至 19 日間可不經登入下載，經搜尋引擎索引。",
            DataCategories: ["name", "salary"], ContactOffice: "人事處個資保護窗口", ContactPhone: "02-2720-8889", ContactEmail: "privacy@city.test"), Officer));
        await SendAsync(new AddIncidentMeasure(id, Clock.UtcNow.AddHours(-20), "已關閉下載路徑並要求搜尋引擎移除索引。", Officer));
        await SendAsync(new ScopeIncident(id, ScopeInput.FromList(Payroll.Benchmarks.SyntheticCity.NumberList(people.Select(p => p.EmployeeNo))), Officer));
        return id;
    }

    private async Task<List<NoticeEvidence>> NoticesAsync(long incident)
    {
        await using var c = await Db.OpenAsync();
        var ids = await c.QueryAsync<long>("SELECT id FROM breach_notice WHERE incident_id = @incident ORDER BY id", new { incident });
        var progress = await SendAsync(new GetNoticeProgress(incident, Officer));
        Assert.That(progress.Launch, Is.Not.Null);
        var register = new List<NoticeEvidence>();
        foreach (var id in ids)
        {
            var row = await c.QuerySingleAsync<(string Channel, string State, string? EmployeeNo, string? MessageId, string? Sha, long? Fallback)>(
                "SELECT channel, state, employee_no, message_id, content_sha256, fallback_of FROM breach_notice WHERE id = @id", new { id });
            register.Add(new NoticeEvidence(id, row.EmployeeNo, null, Enum.Parse<NoticeChannel>(row.Channel), Enum.Parse<NoticeState>(row.State), 0, null, row.MessageId, row.Sha, null, null, null, null));
        }

        return register;
    }

    /// <summary>Runs every due e-mail and the public notice as the jobs would, advancing the clock over retry waits.</summary>
    private async Task DispatchAllAsync(long incident)
    {
        for (var round = 0; round < 10; round++)
        {
            var pending = (await NoticesAsync(incident)).Where(n => n.State == NoticeState.Queued && n.Channel != NoticeChannel.Letter).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            foreach (var n in pending)
            {
                await SendAsync(new DispatchNotice(n.NoticeId, TestActors.Notices));
            }

            Clock.Advance(TimeSpan.FromMinutes(2));
        }
    }

    [Test]
    public async Task StatutoryCheck_RefusesEachMissingElement()
    {
        var bare = await SendAsync(new CreateIncident(new IncidentInput("未完成的事故", Clock.UtcNow, 1, BreachRuleSet.Pdpa), Officer));

        var problems = await SendAsync(new CheckNotices(bare, Officer));

        Assert.That(problems, Has.Some.Contains("事故事實"), "facts (Enforcement Rules art. 22(2))");
        Assert.That(problems, Has.Some.Contains("因應措施"), "measures taken (art. 22(2))");
        Assert.That(problems, Has.Some.Contains("聯絡窗口"));
        Assert.That(problems, Has.Some.Contains("界定受影響者"));
        var refused = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new RequestNoticeLaunch(bare, false, Officer)));
        Assert.That(refused!.Errors, Has.Count.EqualTo(problems.Count));

        var bad = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new SaveNoticeTemplate(bare, new NoticeTemplate(NoticeChannel.Email, "通知", "{name} 您好，{facts}"), Officer)));
        Assert.That(bad!.Errors.Select(e => e.Message), Has.Some.Contains("{measures}").And.Some.Contains("{categories}"));
        var named = Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new SaveNoticeTemplate(bare, new NoticeTemplate(NoticeChannel.Public, "公告", "{name} {facts} {measures} {contact}"), Officer)));
        Assert.That(named!.Errors.Single().Message, Does.Contain("no {name}"));
    }

    [Test]
    public async Task Launch_SecondOfficerApproves_EveryoneReachedOnce_ByOneChannel_WithOnlyTheirOwnData()
    {
        var withMail = _people.Where(p => p.Email is not null).Take(8).ToList();
        var noMail = _people.First(p => p.Email is null);
        var refused = withMail[2];
        var flaky = withMail[3];
        var flakyTries = 0;
        Smtp.Answer = to => to == refused.Email ? 550 : to == flaky.Email && flakyTries++ == 0 ? 451 : 250;
        var before = Smtp.Messages.Count;
        var incident = await ReadyIncidentAsync([.. withMail, noMail]);

        var preview = await SendAsync(new PreviewNotice(incident, NoticeChannel.Email, withMail[0].EmployeeNo, Officer));
        Assert.That(preview.Body, Does.Contain(withMail[0].Name).And.Contain("已關閉下載路徑").And.Contain("第 28 條").And.Contain("第 30 條").And.Contain("人事處個資保護窗口"));
        Assert.That(preview.Problems, Is.Empty);

        await SendAsync(new RequestNoticeLaunch(incident, true, Officer));
        var self = Assert.ThrowsAsync<RefusedException>(() => SendAsync(new ApproveNoticeLaunch(incident, Officer)));
        Assert.That(self!.Message, Does.Contain("second compliance officer"));
        Assert.That(await NoticesAsyncOrEmpty(incident), Is.Empty, "nothing is written before approval");

        var launch = await SendAsync(new ApproveNoticeLaunch(incident, Officer2));
        Assert.That(launch.Notices, Is.EqualTo(withMail.Count + 1 + 1), "one per person and the public notice");
        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ApproveNoticeLaunch(incident, Officer2)), "launched once");

        await DispatchAllAsync(incident);
        var batches = await SendAsync(new PrintLetters(incident, Officer));

        var notices = await NoticesAsync(incident);
        var sent = notices.Where(n => n.State == NoticeState.Sent && n.EmployeeNo is not null).ToList();
        Assert.That(sent.Select(n => n.EmployeeNo), Is.Unique, "exactly one notice reached each person");
        Assert.That(sent.Select(n => n.EmployeeNo), Is.EquivalentTo(withMail.Append(noMail).Select(p => p.EmployeeNo)), "and everyone was reached");
        Assert.That(sent.Single(n => n.EmployeeNo == refused.EmployeeNo).Channel, Is.EqualTo(NoticeChannel.Letter), "a refused address falls back to a letter");
        Assert.That(notices.Single(n => n.EmployeeNo == refused.EmployeeNo && n.Channel == NoticeChannel.Email).State, Is.EqualTo(NoticeState.Failed));
        Assert.That(sent.Single(n => n.EmployeeNo == noMail.EmployeeNo).Channel, Is.EqualTo(NoticeChannel.Letter), "no address: a letter");
        Assert.That(sent.Single(n => n.EmployeeNo == flaky.EmployeeNo).Channel, Is.EqualTo(NoticeChannel.Email), "a transient refusal is retried");
        Assert.That(notices.Single(n => n.Channel == NoticeChannel.Public).State, Is.EqualTo(NoticeState.Sent));

        var mails = Smtp.Messages.Skip(before).ToList();
        Assert.That(mails.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(withMail.Where(p => p != refused).Select(p => p.Email)), "one e-mail per reachable address, none twice");
        foreach (var mail in mails)
        {
            var to = withMail.Single(p => p.Email == mail.To.Mailboxes.Single().Address);
            var notice = sent.Single(n => n.EmployeeNo == to.EmployeeNo);
            Assert.That(mail.MessageId, Is.EqualTo($"notice-{notice.NoticeId}.incident-{incident}@city.test"), "the Message-ID derives from the notice");
            Assert.That(mail.TextBody, Does.Contain(to.Name));
            Assert.That(_people.Where(p => p != to).Select(p => p.Name).Where(n => n.Length >= 2 && mail.TextBody.Contains(n, StringComparison.Ordinal)), Is.Empty, "nobody else's name");
            Assert.That(mail.TextBody, Does.Contain("姓名").And.Contain("薪資"), "their exposed categories");
        }

        Assert.That(batches.Sum(b => b.Letters), Is.EqualTo(2));
        var letters = string.Concat(await Task.WhenAll(batches.Select(b => PdfTextAsync(b.PdfDocumentId))));
        Assert.That(letters, Does.Contain(refused.Name).And.Contain(noMail.Name), "the Chinese text comes out of the PDF as written");
        Assert.That(letters, Does.Contain("個人資料外洩事故通知書").And.Contain("已採取之因應措施").And.Contain("人事處個資保護窗口"));
        Assert.That(await SendAsync(new PrintLetters(incident, Officer)), Is.Empty, "letters are printed once");
        Assert.That((await SendAsync(new GetIncident(incident, Officer)))!.Deadlines.Single(d => d.Key == "notice").MetAt, Is.Not.Null, "everyone notified: the notice deadline is met");

        // A signed receipt for a letter: the day art. 30's two-year period runs from for that person.
        var letter = sent.Single(n => n.EmployeeNo == noMail.EmployeeNo);
        await SendAsync(new RecordNoticeDelivery(letter.NoticeId, "簽收", Clock.UtcNow, Officer));
        await using (var c = await Db.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<string>("SELECT limitation_from FROM breach_notice WHERE id = @id", new { id = letter.NoticeId }),
                Is.EqualTo(Clock.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        // The mail server's refusal names the address, and the delivery note is a person's words: both are sealed in the
        // database, and read back whole by whoever may see the notice.
        var refusedMail = notices.Single(n => n.EmployeeNo == refused.EmployeeNo && n.Channel == NoticeChannel.Email);
        await using (var c = await Db.OpenAsync())
        {
            var failure = await c.ExecuteScalarAsync<string>("SELECT failure FROM breach_notice WHERE id = @id", new { id = refusedMail.NoticeId });
            var delivery = await c.ExecuteScalarAsync<string>("SELECT delivery FROM breach_notice WHERE id = @id", new { id = letter.NoticeId });
            Assert.That(failure, Does.StartWith("sealed1:").And.Not.Contain(refused.Email!).And.Not.Contain("mailbox"));
            Assert.That(delivery, Does.StartWith("sealed1:").And.Not.Contain("簽收"));
        }

        var review = (await SendAsync(new GetNoticeProgress(incident, Officer))).Review;
        Assert.That(review.Single(r => r.NoticeId == refusedMail.NoticeId).Failure, Does.Contain($"<{refused.Email}>").And.Contain("mailbox unavailable"));

        var register = await SendAsync(new ExportNoticeRegister(incident, Actor.User(42, "auditor", ["Auditor"], sessionKey: "s-au", clientIp: "10.0.0.7", userAgent: "test")));
        Assert.That(register, Is.Not.Empty);

        // The cyber-security incident report carries the contents its rules require; neither report names anyone.
        var cyber = await PdfTextAsync(await SendAsync(new RenderIncidentReport(incident, IncidentReportKind.CyberSecurity, Officer)));
        foreach (var heading in new[] { "事件發生、知悉及完成損害控制時間", "影響範圍", "損害控制及復原", "調查", "根因", "預防措施", "時程" })
        {
            Assert.That(cyber, Does.Contain(heading));
        }

        Assert.That(cyber, Does.Contain("受影響者 9 人"));
        var regulator = await PdfTextAsync(await SendAsync(new RenderIncidentReport(incident, IncidentReportKind.Regulator, Officer)));
        Assert.That(regulator, Does.Contain("已採取之因應措施").And.Contain("已關閉下載路徑"));
        Assert.That(withMail.Append(noMail).Where(p => cyber.Contains(p.Name, StringComparison.Ordinal) || regulator.Contains(p.Name, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task ANoticeLeftSendingByACrash_GoesToReview_AndIsNeverResent()
    {
        var person = _people.Where(p => p.Email is not null).Skip(20).First();
        var incident = await ReadyIncidentAsync([person]);
        await SendAsync(new RequestNoticeLaunch(incident, false, Officer));
        await SendAsync(new ApproveNoticeLaunch(incident, Officer2));
        var notice = (await NoticesAsync(incident)).Single();
        await using (var c = await Db.OpenAsync())
        {
            // A worker claimed it, and died before it could say whether the mail server took it.
            await c.ExecuteAsync("UPDATE breach_notice SET state = 'Sending', sending_at = @now, attempts = 1 WHERE id = @id", new { id = notice.NoticeId, now = Clock.UtcNow.ToUnixTimeMilliseconds() });
        }

        var before = Smtp.Messages.Count;
        Assert.That((await SendAsync(new DispatchNotice(notice.NoticeId, TestActors.Notices))).State, Is.EqualTo(NoticeState.Sending), "a notice being sent is left alone");
        Clock.Advance(TimeSpan.FromMinutes(11));
        var stalled = await SendAsync(new FindStalledNotices(TestActors.NoticeSweeper));
        Assert.That(stalled.MovedToReview, Is.GreaterThanOrEqualTo(1));
        Assert.That((await SendAsync(new DispatchNotice(notice.NoticeId, TestActors.Notices))).State, Is.EqualTo(NoticeState.Review));
        Assert.That(Smtp.Messages.Count, Is.EqualTo(before), "never resent blindly");
        var progress = await SendAsync(new GetNoticeProgress(incident, Officer));
        Assert.That(progress.Review.Select(r => r.NoticeId), Does.Contain(notice.NoticeId));
    }

    private async Task<List<long>> NoticesAsyncOrEmpty(long incident)
    {
        await using var c = await Db.OpenAsync();
        return (await c.QueryAsync<long>("SELECT id FROM breach_notice WHERE incident_id = @incident", new { incident })).ToList();
    }

    private async Task<string> PdfTextAsync(string documentId)
    {
        var reader = Actor.User(43, "officer-pdf", ["ComplianceOfficer"], sessionKey: "s-pdf", clientIp: "10.0.0.6", userAgent: "test");
        var grant = await SendAsync(new RequestDownload(documentId, reader));
        var pdf = (await SendAsync(new RedeemDownload(grant!.GrantId, reader)))!.Content;
        var path = Path.Combine(Database.DataDirectory, $"{documentId}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        using var process = Process.Start(new ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }
}
