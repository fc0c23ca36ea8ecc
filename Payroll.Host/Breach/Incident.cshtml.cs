using Payroll.Modules.Contracts.Authorization;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Errors;

using Payroll.Host.Shell;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Breach;

/// <summary>
/// One incident, from "we found a leak" to "everyone notified": deadline clocks, the facts and contact point, measures
/// taken, scoping (ledger window, a web-server log, a list), the notices' statutory check and preview, the launch and
/// its approval by a second officer, progress per channel, letters, and the evidence register.
/// </summary>
[Authorize(Policy = Policies.BreachReaders)]
[RequestSizeLimit(MaxUpload + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 64 * 1024)]
public sealed class IncidentModel(ISender sender, IConfiguration configuration, Modules.Kernel.Time.IClock clock) : PageModel, IProblemPage
{
    /// <summary>The largest log or list accepted through the page (larger logs: <c>payroll breach scope</c> on the server).</summary>
    public const long MaxUpload = 512L * 1024 * 1024;

    private static readonly TimeSpan TaipeiOffset = RocDate.TaipeiOffset;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public IncidentForm Form { get; set; } = new();

    [BindProperty]
    public DateTime? MeasureAt { get; set; }

    [BindProperty]
    public string? MeasureText { get; set; }

    [BindProperty]
    public DateTime? LedgerFrom { get; set; }

    [BindProperty]
    public DateTime? LedgerTo { get; set; }

    [BindProperty]
    public bool IncludeTrusted { get; set; }

    [BindProperty]
    public string? LedgerActors { get; set; }

    [BindProperty]
    public string? LedgerKinds { get; set; }

    /// <summary>An old system's report URL: PATH-PREFIX[?PARAMETER].</summary>
    [BindProperty]
    public string? LegacyRoute { get; set; }

    [BindProperty]
    public IFormFile? LegacyReports { get; set; }

    [BindProperty]
    public LogFormat LogFormat { get; set; } = LogFormat.Iis;

    [BindProperty]
    public IFormFile? Log { get; set; }

    [BindProperty]
    public IFormFile? List { get; set; }

    [BindProperty]
    public NoticeChannel PreviewChannel { get; set; } = NoticeChannel.Email;

    [BindProperty]
    public string? PreviewEmployeeNo { get; set; }

    [BindProperty]
    public bool PublicNotice { get; set; }

    [BindProperty]
    public NoticeChannel TemplateChannel { get; set; }

    [BindProperty]
    public string? TemplateSubject { get; set; }

    [BindProperty]
    public string? TemplateBody { get; set; }

    public IncidentDetail? Incident { get; private set; }

    public IReadOnlyList<NoticeTemplate> Templates { get; private set; } = [];

    public IReadOnlyList<string> NoticeProblems { get; private set; } = [];

    public NoticeProgress? Progress { get; private set; }

    public NoticePreview? Preview { get; private set; }

    public IReadOnlyList<LetterBatch> Batches { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; set; } = [];

    public string? Message { get; private set; }

    public bool IsOfficer => User.IsInRole(Roles.ComplianceOfficer);

    /// <summary>The time the clocks count from (the system clock, replaceable in tests).</summary>
    public DateTimeOffset Now => clock.UtcNow;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostFactsAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        var current = (await sender.Send(new GetIncident(Id, actor), ct)) ?? throw new NotFoundException("incident", Id);
        await sender.Send(new UpdateIncident(Id, Form.ToInput(current.Input), actor), ct);
    }, ct);

    public Task<IActionResult> OnPostMeasureAsync(CancellationToken ct) => ActAsync(async actor =>
        await sender.Send(new AddIncidentMeasure(Id, At(MeasureAt) ?? DateTimeOffset.UtcNow, MeasureText ?? "", actor), ct), ct);

    public Task<IActionResult> OnPostScopeAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        var uploads = Modules.Kernel.Storage.DataDirectory.Resolve(configuration, "breach-uploads");
        Directory.CreateDirectory(uploads);
        var logPath = Log is { Length: > 0 } ? Path.Combine(uploads, $"{Guid.NewGuid():N}-{Path.GetFileName(Log.FileName)}") : null;
        try
        {
            if (logPath is not null)
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                await using var file = new FileStream(logPath, options);
                await Log!.CopyToAsync(file, ct);
            }

            var list = await ReadAsync(List, ct);
            var reports = await ReadAsync(LegacyReports, ct);
            var ledger = At(LedgerFrom) is { } from ? new LedgerScope(from, At(LedgerTo) ?? DateTimeOffset.UtcNow, !IncludeTrusted, [], Split(LedgerActors), Split(LedgerKinds)) : null;
            var routes = LegacyRoute is { Length: > 0 } route ? [route.Split('?', 2) is [var prefix, var parameter] ? new LegacyRoute(prefix.Trim(), parameter.Trim()) : new LegacyRoute(route.Trim(), null)] : new List<LegacyRoute>();
            await sender.Send(new ScopeIncident(Id, new ScopeInput(Ledger: ledger, Logs: logPath is null ? [] : [new LogFile(LogFormat, logPath)], From: null, To: null, OutsideTrustedOnly: !IncludeTrusted, LegacyRoutes: routes, LegacyReports: reports, LegacyCategories: [], EmployeeList: list), actor), ct);
        }
        finally
        {
            if (logPath is not null)
            {
                System.IO.File.Delete(logPath);
            }
        }
    }, ct);

    private static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is not { Length: > 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static string[] Split(string? text) => (text ?? "").Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        Preview = await sender.Send(new PreviewNotice(Id, PreviewChannel, PreviewEmployeeNo, HttpActor.From(HttpContext)), ct);
        return await ShowAgainAsync(ct);
    }

    public Task<IActionResult> OnPostTemplateAsync(CancellationToken ct) => ActAsync(async actor =>
        await sender.Send(new SaveNoticeTemplate(Id, new NoticeTemplate(TemplateChannel, TemplateSubject ?? "", (TemplateBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal)), actor), ct), ct);

    public Task<IActionResult> OnPostRequestLaunchAsync(CancellationToken ct) => ActAsync(async actor => await sender.Send(new RequestNoticeLaunch(Id, PublicNotice, actor), ct), ct);

    public Task<IActionResult> OnPostApproveLaunchAsync(CancellationToken ct) => ActAsync(async actor => await sender.Send(new ApproveNoticeLaunch(Id, actor), ct), ct);

    public async Task<IActionResult> OnPostPrintLettersAsync(CancellationToken ct)
    {
        if (!IsOfficer)
        {
            return Forbid();
        }

        Batches = await sender.Send(new PrintLetters(Id, HttpActor.From(HttpContext)), ct);
        Message = Batches.Count == 0 ? "—" : null;
        return await ShowAgainAsync(ct);
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        var document = await sender.Send(new ExportNoticeRegister(Id, actor), ct);
        return await DownloadAsync(document, ct);
    }

    /// <summary>The cyber-security incident report or the regulator's report, written now into the Vault and downloaded once.</summary>
    public async Task<IActionResult> OnPostReportAsync(IncidentReportKind kind, CancellationToken ct)
    {
        if (!IsOfficer)
        {
            return Forbid();
        }

        return await DownloadAsync(await sender.Send(new RenderIncidentReport(Id, kind, HttpActor.From(HttpContext)), ct), ct);
    }

    /// <summary>A letters PDF or receipt sheet just printed, downloaded once through a grant.</summary>
    public Task<IActionResult> OnPostDocumentAsync(string document, CancellationToken ct) => DownloadAsync(document, ct);

    private async Task<IActionResult> DownloadAsync(string document, CancellationToken ct)
    {
        var grant = await sender.Send(new Modules.Contracts.Vault.RequestDownload(document, HttpActor.From(HttpContext)), ct);
        return grant is null ? NotFound() : Redirect(Shell.VaultEndpoints.DownloadPrefix + grant.GrantId);
    }

    private async Task<IActionResult> ActAsync(Func<Modules.Contracts.Actor, Task> action, CancellationToken ct)
    {
        if (!IsOfficer)
        {
            return Forbid();
        }

        await action(HttpActor.From(HttpContext));
        return RedirectToPage("/Breach/Incident", new { id = Id });
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var actor = HttpActor.From(HttpContext);
        Incident = await sender.Send(new GetIncident(Id, actor), ct);
        if (Incident is null)
        {
            return false;
        }

        Form = IncidentForm.From(Incident.Input);
        NoticeProblems = await sender.Send(new CheckNotices(Id, actor), ct);
        Templates = await sender.Send(new GetNoticeTemplates(Id, actor), ct);
        Progress = await sender.Send(new GetNoticeProgress(Id, actor), ct);
        return true;
    }

    private static DateTimeOffset? At(DateTime? local) => local is { } l ? new DateTimeOffset(DateTime.SpecifyKind(l, DateTimeKind.Unspecified), TaipeiOffset) : null;

    /// <summary>An instant as Taipei wall-clock time, as every page shows times.</summary>
    public static string Taipei(DateTimeOffset at) => RocDate.InTaipei(at).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Taipei local time for a datetime-local field.</summary>
    public static string Local(DateTimeOffset? at) => at?.ToOffset(TaipeiOffset).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) ?? "";

    /// <summary>How long until (or since) a deadline, in words.</summary>
    public string Remaining(DateTimeOffset due)
    {
        var left = due - Now;
        var span = left.Duration();
        var text = span.TotalDays >= 2 ? $"{(int)span.TotalDays} 天 {span.Hours} 小時" : $"{(int)span.TotalHours} 小時 {span.Minutes} 分";
        return left >= TimeSpan.Zero ? $"剩 {text}" : $"逾期 {text}";
    }

    /// <summary>The editable facts of an incident, as the form posts them (times in Taipei).</summary>
    public sealed class IncidentForm
    {
        public string? Title { get; set; }

        public int Level { get; set; } = 2;

        public BreachRuleSet RuleSet { get; set; }

        public DateTime? AwareAt { get; set; }

        public DateTime? DiscoveredAt { get; set; }

        public DateTime? ConfirmedAt { get; set; }

        public DateTime? OccurredFrom { get; set; }

        public DateTime? OccurredTo { get; set; }

        public DateTime? ContainedAt { get; set; }

        public string? Facts { get; set; }

        public string? Cause { get; set; }

        public string? Categories { get; set; }

        public string? ContactOffice { get; set; }

        public string? ContactPhone { get; set; }

        public string? ContactEmail { get; set; }

        public bool SensitiveData { get; set; }

        public long? SystemRecords { get; set; }

        public static IncidentForm From(IncidentInput i) => new()
        {
            Title = i.Title, Level = i.Level, RuleSet = i.RuleSet, AwareAt = Local2(i.AwareAt), DiscoveredAt = Local2(i.DiscoveredAt), ConfirmedAt = Local2(i.ConfirmedAt), OccurredFrom = Local2(i.OccurredFrom), OccurredTo = Local2(i.OccurredTo),
            ContainedAt = Local2(i.ContainedAt), Facts = i.Facts, Cause = i.Cause, Categories = string.Join(", ", i.DataCategories ?? []), ContactOffice = i.ContactOffice,
            ContactPhone = i.ContactPhone, ContactEmail = i.ContactEmail, SensitiveData = i.SensitiveData, SystemRecords = i.SystemRecords,
        };

        public IncidentInput ToInput(IncidentInput current) => current with
        {
            Title = Title ?? current.Title, Level = Level, RuleSet = RuleSet, AwareAt = At(AwareAt) ?? current.AwareAt, DiscoveredAt = At(DiscoveredAt), ConfirmedAt = At(ConfirmedAt), OccurredFrom = At(OccurredFrom), OccurredTo = At(OccurredTo),
            ContainedAt = At(ContainedAt), Facts = Facts?.Trim(), Cause = Cause?.Trim(),
            DataCategories = (Categories ?? "").Split([',', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ContactOffice = ContactOffice?.Trim(), ContactPhone = ContactPhone?.Trim(), ContactEmail = ContactEmail?.Trim(), SensitiveData = SensitiveData, SystemRecords = SystemRecords,
        };

        private static DateTime? Local2(DateTimeOffset? at) => at?.ToOffset(TaipeiOffset).DateTime;
    }
}
