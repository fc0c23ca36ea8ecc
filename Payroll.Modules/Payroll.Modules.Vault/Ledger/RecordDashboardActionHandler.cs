using System.Text.RegularExpressions;
using Mediator;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// One ledger row per action on the job dashboard, with the signed-in person who took it: resource
/// <c>dashboard/COMMAND TARGET,TARGET...</c>, no subjects (a job names no person), refused when the dashboard refused.
/// Command and targets are checked for shape (a target that is not an id's shape is kept as "-"), so no posted text
/// reaches the ledger; as many rows as the targets need, none cut short.
/// </summary>
internal sealed partial class RecordDashboardActionHandler(LedgerWriter ledger) : IRequestHandler<RecordDashboardAction, long>
{
    [GeneratedRegex("^[a-z]+(/[a-z]+){0,3}$")]
    private static partial Regex CommandShape();

    public async ValueTask<long> Handle(RecordDashboardAction request, CancellationToken cancellationToken)
    {
        if (request.Command.Length > 64 || !CommandShape().IsMatch(request.Command))
        {
            throw new InvalidInputException([new InputError(null, "command", "not a job dashboard command")]);
        }

        var targets = request.Targets.Select(t => JobIds.IsWellFormed(t) ? t : "-").ToList();
        long seq = 0;
        foreach (var resource in Resources(request.Command, targets))
        {
            seq = await ledger.AppendAccessAsync(
                request.Actor, AccessAction.Operate, null, null, resource, [], [],
                request.Done ? AccessOutcome.Allowed : AccessOutcome.Refused, request.Done ? null : "not done by the job dashboard (refused or failed)", cancellationToken);
        }

        return seq;
    }

    /// <summary>The rows' resources: as many targets per row as fit the ledger's resource column, none cut short.</summary>
    private static IEnumerable<string> Resources(string command, IReadOnlyList<string> targets)
    {
        var head = "dashboard/" + command;
        if (targets.Count == 0)
        {
            yield return head;
            yield break;
        }

        var line = new System.Text.StringBuilder(head);
        var inLine = 0;
        foreach (var target in targets)
        {
            if (inLine > 0 && line.Length + 1 + target.Length > LedgerWriter.ResourceLength)
            {
                yield return line.ToString();
                line.Clear().Append(head);
                inLine = 0;
            }

            line.Append(inLine == 0 ? ' ' : ',').Append(target);
            inLine++;
        }

        yield return line.ToString();
    }
}
