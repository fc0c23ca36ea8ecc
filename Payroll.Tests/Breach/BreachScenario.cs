using Payroll.Tests.Support;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Tests.Breach;

/// <summary>
/// An incident whose affected set is the demo people D000001..D{n} (an uploaded list), with facts, a measure and a
/// contact point, launched by one officer and approved by another: their notices are queued and the fan-out job enqueued.
/// </summary>
public static class BreachScenario
{
    public static readonly Actor Officer = Actor.User(50, "officer-x", ["ComplianceOfficer"], sessionKey: "s-x", clientIp: "10.0.0.9", userAgent: "test");
    public static readonly Actor SecondOfficer = Actor.User(51, "officer-y", ["ComplianceOfficer"], sessionKey: "s-y", clientIp: "10.0.0.8", userAgent: "test");

    public static async Task<long> LaunchAsync(IServiceProvider services, DateTimeOffset now, int people)
    {
        Task<T> Send<T>(IRequest<T> request) => services.SendInScopeAsync(request);

        var list = Payroll.Benchmarks.SyntheticCity.NumberList(Payroll.Benchmarks.SyntheticCity.DemoEmployeeNumbers(people));
        var incident = await Send(new CreateIncident(new IncidentInput("外洩", now, 2, BreachRuleSet.Pdpa, Facts: "清冊外洩。", DataCategories: ["name"], ContactOffice: "人事處", ContactPhone: "02-1234-5678"), Officer));
        await Send(new AddIncidentMeasure(incident, now, "已關閉下載。", Officer));
        await Send(new ScopeIncident(incident, ScopeInput.FromList(list), Officer));
        await Send(new RequestNoticeLaunch(incident, false, Officer));
        await Send(new ApproveNoticeLaunch(incident, SecondOfficer));
        return incident;
    }
}
