using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Modules.Breach.Incidents;

/// <summary>Pdpa2025 from <c>Payroll:Breach:Pdpa2025EffectiveFrom</c> on (when configured), Pdpa before it.</summary>
internal sealed class GetApplicableRuleSetHandler(IOptions<BreachOptions> options) : IRequestHandler<GetApplicableRuleSet, BreachRuleSet>
{
    public ValueTask<BreachRuleSet> Handle(GetApplicableRuleSet request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(options.Value.Pdpa2025EffectiveFrom is { } from && request.AwareAt >= from ? BreachRuleSet.Pdpa2025 : BreachRuleSet.Pdpa);
}
