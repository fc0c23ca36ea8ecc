using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Jobs;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Benchmarks;

/// <summary>
/// <c>breach-notices</c>: for each size, an incident whose affected set is that many people of the demo city, launched by
/// one officer and approved by another, every e-mail dispatched by parallel workers (one per core, as a worker host
/// would) to the configured SMTP server; the same again through the job server; then the letters due printed.
/// </summary>
internal static class BreachNoticesBenchmark
{
    private static readonly Actor Officer = Actor.User(1, "bench-officer-a", ["ComplianceOfficer"], sessionKey: "s1", clientIp: "10.0.0.1", userAgent: "bench");
    /// <summary>The notice jobs' actor: the benchmark sends what the fan-out and the per-notice jobs send.</summary>
    private static readonly Actor NoticeJob = Actor.Job("breach-notice");

    private static readonly Actor Second = Actor.User(2, "bench-officer-b", ["ComplianceOfficer"], sessionKey: "s2", clientIp: "10.0.0.2", userAgent: "bench");

    public static Command Create()
    {
        var people = new Option<int[]>("--people") { Description = "Affected people per round (each a new incident).", DefaultValueFactory = _ => [2_313, 44_520] };
        return Bench.Verb("breach-notices", "Time e-mail notices to a local SMTP server (Payroll:Breach:Smtp) and printing letters.",
            (parse, bench, ct) => RunAsync(bench, parse.GetValue(people)!, ct), people);
    }

    private static async Task<int> RunAsync(Bench bench, int[] sizes, CancellationToken ct)
    {
        var engine = bench.Engine;
        await DemoCity.SeedAsync(bench, sizes.Max(), ct);
        long? firstIncident = null;
        foreach (var size in sizes)
        {
            var list = SyntheticCity.NumberList(SyntheticCity.DemoEmployeeNumbers(size));
            var incident = await NewScopedIncidentAsync(bench, $"bench {size}", list, ct);
            firstIncident ??= incident;
            var watch = Stopwatch.StartNew();
            await bench.Sender.Send(new RequestNoticeLaunch(incident, false, Officer), ct);
            var launch = await bench.Sender.Send(new ApproveNoticeLaunch(incident, Second), ct);
            Bench.Print($"breach.launch.{size}.{engine}", watch.Elapsed.TotalSeconds, "s");

            var queue = new ConcurrentQueue<long>(await bench.Sender.Send(new GetQueuedNotices(incident, NoticeJob), ct));
            var sent = 0;
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(async _ =>
            {
                await using var scope = bench.Scopes.CreateAsyncScope();
                var worker = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
                while (queue.TryDequeue(out var id))
                {
                    if ((await worker.Send(new DispatchNotice(id, NoticeJob), ct)).State == NoticeState.Sent)
                    {
                        Interlocked.Increment(ref sent);
                    }
                }
            }));
            Bench.Print($"breach.email.{sent}.{engine}", watch.Elapsed.TotalSeconds, "s");
            Bench.Print($"breach.email.letters_instead.{size}.{engine}", launch.Notices - sent, "people");
            if (sent == 0)
            {
                await Console.Error.WriteLineAsync("no e-mail was sent: is the SMTP server (Payroll:Breach:Smtp) running?");
                return 1;
            }

            // The same again through the job server, as a worker host does it: the fan-out job, then one job per notice.
            var again = await NewScopedIncidentAsync(bench, $"bench {size} via jobs", list, ct);
            GlobalConfiguration.Configuration.UseActivator(new AspNetCoreJobActivator(bench.Scopes));
            using var server = new BackgroundJobServer(JobStorageSetup.ServerOptions(Math.Max(2, Environment.ProcessorCount), "bench"), bench.Services.GetRequiredService<JobStorage>());
            watch.Restart();
            await bench.Sender.Send(new RequestNoticeLaunch(again, false, Officer), ct);
            await bench.Sender.Send(new ApproveNoticeLaunch(again, Second), ct);
            var left = int.MaxValue;
            while (left > 0 && watch.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(250, ct);
                var progress = await bench.Sender.Send(new GetNoticeProgress(again, Officer), ct);
                left = progress.Channels.Where(c => c.Channel == NoticeChannel.Email).Sum(c => c.Queued + c.Sending);
            }

            Bench.Print($"breach.email_via_jobs.{sent}.{engine}", watch.Elapsed.TotalSeconds, "s");
        }

        // Letters: those due for the first incident (people without an address, and e-mails that fell back), a PDF per paying unit.
        var print = Stopwatch.StartNew();
        var batches = await bench.Sender.Send(new PrintLetters(firstIncident!.Value, Officer), ct);
        var letters = batches.Sum(b => b.Letters);
        if (letters > 0)
        {
            Bench.Print($"breach.letters.print.{letters}.{engine}", print.Elapsed.TotalSeconds, "s");
        }

        return 0;
    }

    private static async Task<long> NewScopedIncidentAsync(Bench bench, string title, byte[] list, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var incident = await bench.Sender.Send(new CreateIncident(new IncidentInput(
            title, now, 2, BreachRuleSet.Pdpa, now.AddDays(-2), now.AddDays(-1), Facts: "薪資清冊可不經登入下載。",
            DataCategories: ["name", "salary"], ContactOffice: "人事處", ContactPhone: "02-2720-8889"), Officer), ct);
        await bench.Sender.Send(new AddIncidentMeasure(incident, now, "已關閉下載路徑。", Officer), ct);
        await bench.Sender.Send(new ScopeIncident(incident, ScopeInput.FromList(list), Officer), ct);
        return incident;
    }
}
