using System.Globalization;
using System.Text;
using Mediator;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.BankTransfer.Profiles;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>One payer account's file as planned: its header facts, its profile and its credits in employee-number order.</summary>
internal sealed record PlannedFile(BankFile File, BankProfile Profile, IReadOnlyList<(Payment Payment, string UnitCode)> Payments)
{
    public long Total => Payments.Sum(p => p.Payment.Amount);

    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"bank-{File.Period}-run{File.RunId}-{File.PayerBank}-{File.PayerAccount[^4..]}-{Profile.Name}.{Profile.Extension}");
}

internal sealed record PlannedHold(long EmployeeId, string EmployeeNo, string UnitCode, long Amount, string Reason);

/// <summary>What a run's payments become: files per payer account, the people held back, every payee problem, and the substitutions made.</summary>
internal sealed record BankPlan(RunPayments Run, IReadOnlyList<PlannedFile> Files, IReadOnlyList<PlannedHold> Held, IReadOnlyList<PayeeProblem> Problems, IReadOnlyList<string> Notes);

/// <summary>
/// Joins a run's payments (Salary) with the payees' and payers' accounts (Personnel), chooses each payer account's
/// profile and checks every payee in that profile's encoding. Writes nothing.
/// </summary>
internal sealed class BankFilePlanner(ISender sender, BankProfiles profiles, PayerProfileStore store)
{
    public async Task<BankPlan> PlanAsync(RunPayments run, IReadOnlyList<string> holdBack, string? profileOverride, CancellationToken ct)
    {
        var s = run.Summary;
        var period = DateOnly.ParseExact(s.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var held = holdBack.Select(h => h.Trim()).Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        var unknown = held.Where(h => !run.Payments.Any(p => p.EmployeeNo == h)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException(unknown.Select(u => new InputError(null, "holdBack", $"{u} is not paid by run {s.RunId}")).ToList());
        }

        var payees = (await sender.Send(new GetPayeeAccounts(period.Year, period.Month, run.Payments.Select(p => p.EmployeeId).ToList()), ct)).ToDictionary(p => p.EmployeeId);
        var payers = (await sender.Send(new GetPayerAccounts([]), ct)).ToDictionary(p => p.UnitCode, StringComparer.Ordinal);
        var assigned = await store.ProfilesAsync(ct);
        var chosen = new Dictionary<string, BankProfile>(StringComparer.Ordinal);
        BankProfile ProfileOf(string payerBank, string payerAccount)
        {
            var name = profileOverride ?? assigned.GetValueOrDefault((payerBank, payerAccount)) ?? profiles.Options.DefaultProfile;
            return chosen.TryGetValue(name, out var p) ? p : chosen[name] = profiles.Get(name);
        }

        var problems = new List<PayeeProblem>();
        var notes = new List<string>();
        var holds = new List<PlannedHold>();
        var groups = new SortedDictionary<(string Bank, string Account), List<(Payment, string)>>();
        var payerNames = new Dictionary<(string, string), PayerAccount>();
        foreach (var pay in run.Payments)
        {
            var mine = new List<PayeeProblem>();
            if (!payers.TryGetValue(pay.UnitCode, out var payer) || payer.Account.Length == 0)
            {
                mine.Add(new PayeeProblem(pay.EmployeeNo, pay.UnitCode, "發薪單位帳戶", $"unit {pay.UnitCode} has no payer account"));
            }

            var payerKey = payer is null ? ("", "") : (payer.BankCode + payer.BranchCode, payer.Account);
            var profile = payer is null ? null : ProfileOf(payerKey.Item1, payerKey.Item2);
            Payment? payment = null;
            if (!payees.TryGetValue(pay.EmployeeId, out var payee))
            {
                mine.Add(new PayeeProblem(pay.EmployeeNo, pay.UnitCode, "帳戶", "no record of this person for the period"));
            }
            else
            {
                if (!payee.BankKnown)
                {
                    mine.Add(new PayeeProblem(pay.EmployeeNo, pay.UnitCode, "銀行代碼", $"bank {payee.BankCode} is not a known bank"));
                }
                else if (!payee.BranchKnown)
                {
                    mine.Add(new PayeeProblem(pay.EmployeeNo, pay.UnitCode, "分行代碼", $"branch {payee.BranchCode} is not a known branch of bank {payee.BankCode}"));
                }

                var name = profile is null ? payee.Name : Substitute(payee.EmployeeNo, payee.Name, profile.Encoding, notes);
                payment = new Payment(pay.EmployeeId, pay.EmployeeNo, name, payee.BankCode + payee.BranchCode, payee.Account, pay.Net);
                if (profile is not null)
                {
                    mine.AddRange(PaymentChecks.Check(payment, PaymentChecks.Strict(profile.Encoding)).Select(p => new PayeeProblem(p.EmployeeNo, pay.UnitCode, p.Field, p.Message)));
                }
            }

            if (held.Contains(pay.EmployeeNo))
            {
                holds.Add(new PlannedHold(pay.EmployeeId, pay.EmployeeNo, pay.UnitCode, pay.Net,
                    mine.Count == 0 ? "暫緩發放" : string.Join("；", mine.Select(m => $"{m.Field}：{m.Message}"))));
                continue;
            }

            if (mine.Count > 0 || payment is null)
            {
                problems.AddRange(mine);
                continue;
            }

            if (!groups.TryGetValue(payerKey, out var list))
            {
                groups[payerKey] = list = [];
            }

            list.Add((payment, pay.UnitCode));
            // The file names the payer by the first unit (by code) that pays from the account.
            if (!payerNames.TryGetValue(payerKey, out var first) || string.CompareOrdinal(payer!.UnitCode, first.UnitCode) < 0)
            {
                payerNames[payerKey] = payer!;
            }
        }

        var approved = s.ApprovedAt ?? s.StartedAt;
        var approvedDay = DateOnly.FromDateTime(RocDate.InTaipei(approved).DateTime);
        var payDate = approvedDay > period ? approvedDay : period;
        var bonus = s.Kind is RunKind.YearEndBonus or RunKind.PerformanceBonus;
        var files = groups.Select(g => new PlannedFile(
            new BankFile(s.RunId, s.Period, bonus, g.Key.Bank, g.Key.Account, payerNames[g.Key].UnitName, approved, payDate),
            ProfileOf(g.Key.Bank, g.Key.Account),
            g.Value)).ToList();
        return new BankPlan(run, files, holds, problems, notes);
    }

    /// <summary>Replaces characters the encoding cannot write when a substitution is configured, and says so.</summary>
    private string Substitute(string employeeNo, string name, string encodingName, List<string> notes)
    {
        var map = profiles.Options.NameSubstitutions;
        if (map.Count == 0)
        {
            return name;
        }

        var encoding = PaymentChecks.Strict(encodingName);
        var result = new StringBuilder();
        foreach (var rune in name.EnumerateRunes())
        {
            var text = rune.ToString();
            if (PaymentChecks.Unencodable(text, encoding) is not null && map.TryGetValue(text, out var replacement))
            {
                notes.Add($"{employeeNo}：姓名「{text}」以「{replacement}」代替（{encodingName}）");
                result.Append(replacement);
            }
            else
            {
                result.Append(text);
            }
        }

        return result.ToString();
    }
}
