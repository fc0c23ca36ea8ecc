using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mediator;
using Payroll.Host.Cli;
using Payroll.Modules.Contracts.Salary;

namespace Payroll.Host.Salary;

/// <summary><c>payroll garnishment add|remittances</c>: court garnishment orders, and what a run withholds for each creditor.</summary>
internal static class GarnishmentCommands
{
    public static Command Create()
    {
        var garnishment = new Command("garnishment", "Court garnishment orders (執行命令).");
        garnishment.Subcommands.Add(Add());
        garnishment.Subcommands.Add(Remittances());
        return garnishment;
    }

    private static Command Add()
    {
        var employee = new Option<string>("--employee") { Description = "The debtor's employee number.", Required = true };
        var creditor = new Option<string>("--creditor") { Description = "Who the money goes to.", Required = true };
        var reference = new Option<string>("--reference") { Description = "The order's number (e.g. 臺北地院 115 年度司執字第 123 號).", Required = true };
        var date = new Option<DateOnly>("--order-date") { Description = "The order's date, yyyy-MM-dd (older orders are served first).", Required = true };
        var debt = new Option<long>("--debt") { Description = "The debt the order enforces, NT$.", Required = true };
        var amount = new Option<long?>("--amount") { Description = "A fixed amount per payment (or --share)." };
        var share = new Option<string?>("--share") { Description = "A share of each payment, as 1/3 (or --amount)." };
        var household = new Option<int>("--household") { Description = "Relatives living with the debtor whom they support (強制執行法 §122).", DefaultValueFactory = _ => 0 };
        var from = new Option<string>("--from") { Description = "The first period it applies to, yyyy-MM.", Required = true };
        var command = new Command("add", "Record a garnishment order; prints its id.") { employee, creditor, reference, date, debt, amount, share, household, from };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var (numerator, denominator) = ParseShare(parse.GetValue(share));
            var id = await services.GetRequiredService<ISender>().Send(new RecordGarnishmentOrder(
                parse.GetValue(employee)!, parse.GetValue(creditor)!, parse.GetValue(reference)!, parse.GetValue(date), parse.GetValue(debt), parse.GetValue(amount),
                numerator, denominator, parse.GetValue(household), parse.GetValue(from)!, actor), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"garnishment order {id}"));
            return CliExit.Ok;
        });
    }

    private static Command Remittances()
    {
        var run = new Option<long>("--run") { Description = "The run's id.", Required = true };
        var json = new Option<bool>("--json") { Description = "As JSON." };
        var command = new Command("remittances", "What a run withholds for each creditor (names people: recorded in the access ledger).") { run, json };
        return CliAccount.Verb(command, async (parse, services, actor, ct) =>
        {
            var list = await services.GetRequiredService<ISender>().Send(new GetGarnishmentRemittances(parse.GetValue(run), actor), ct);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(list, PayrollCli.Json));
                return CliExit.Ok;
            }

            foreach (var creditor in list)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{creditor.Creditor}: {creditor.Total:N0}"));
                foreach (var item in creditor.Items)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {item.CourtReference}  {item.EmployeeNo}  {item.Amount:N0}{(item.BalanceAfter is { } b ? $"  balance {b:N0}" : "")}"));
                }
            }

            return CliExit.Ok;
        });
    }

    private static (int? Numerator, int? Denominator) ParseShare(string? share)
    {
        if (share is null)
        {
            return (null, null);
        }

        var parts = share.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            ? (n, d)
            : throw new Modules.Kernel.Validation.InvalidInputException([new Modules.Kernel.Validation.InputError(null, "--share", $"'{share}' is not a share like 1/3")]);
    }
}
