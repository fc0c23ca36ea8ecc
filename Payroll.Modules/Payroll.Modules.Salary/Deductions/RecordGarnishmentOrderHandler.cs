using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Deductions;

internal sealed class RecordGarnishmentOrderHandler(IDbConnectionFactory db, ISender sender, IClock clock, DeductionSeal seal) : IRequestHandler<RecordGarnishmentOrder, long>
{
    private const string InsertSql = """
        INSERT INTO salary_standing_deduction (employee_id, kind, label, terms, reference, from_period, to_period, recorded_at, recorded_by,
            creditor, order_date, share_numerator, share_denominator, household)
        VALUES (@employeeId, 'Garnishment', @creditor, @terms, @reference, @from, NULL, @now, @actor,
            @creditor, @orderDate, @numerator, @denominator, @household)
        RETURNING id
        """;

    public async ValueTask<long> Handle(RecordGarnishmentOrder request, CancellationToken cancellationToken)
    {
        // As for other standing deductions: people need the role; the command line acts for the system (until it signs people in).
        var errors = new List<InputError>();
        PayPeriod? from = null;
        try
        {
            from = PayPeriod.Parse(request.FromPeriod, "fromPeriod");
        }
        catch (InvalidInputException ex)
        {
            errors.AddRange(ex.Errors);
        }

        if (string.IsNullOrWhiteSpace(request.Creditor) || request.Creditor.Trim().Length > 100)
        {
            errors.Add(new InputError(null, "creditor", "who the money goes to, at most 100 characters"));
        }

        if (string.IsNullOrWhiteSpace(request.CourtReference) || request.CourtReference.Trim().Length > 100)
        {
            errors.Add(new InputError(null, "courtReference", "the order's number (e.g. 臺北地院 115 年度司執字第 123 號)"));
        }

        if (request.TotalDebt <= 0)
        {
            errors.Add(new InputError(null, "totalDebt", "the debt the order enforces, a whole NT$ amount above 0"));
        }

        var fixedAmount = request.AmountPerPayment is { } a;
        var share = request.ShareNumerator is { } n && request.ShareDenominator is { } d;
        if (fixedAmount == share || (fixedAmount && request.AmountPerPayment <= 0)
            || (share && (request.ShareNumerator <= 0 || request.ShareDenominator <= 0 || request.ShareNumerator > request.ShareDenominator)))
        {
            errors.Add(new InputError(null, "amountPerPayment", "either a fixed amount above 0 or a share of the pay (numerator ≤ denominator), not both"));
        }

        if (request.Household is < 0 or > 20)
        {
            errors.Add(new InputError(null, "household", "the relatives living with the debtor whom they support, 0 to 20"));
        }

        var employeeId = await sender.Send(new FindEmployee(request.EmployeeNo?.Trim() ?? ""), cancellationToken);
        if (employeeId is null)
        {
            errors.Add(new InputError(null, "employeeNo", $"no person with employee number {request.EmployeeNo}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            employeeId,
            creditor = request.Creditor.Trim(),
            terms = seal.Seal(request.AmountPerPayment ?? 0, request.TotalDebt, employeeId!.Value),
            reference = request.CourtReference.Trim(),
            from = from!.Value.ToString(),
            now = clock.UtcNow.ToUnixTimeMilliseconds(),
            actor = request.Actor.Name,
            orderDate = request.OrderDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            numerator = request.ShareNumerator,
            denominator = request.ShareDenominator,
            household = request.Household,
        }, cancellationToken: cancellationToken));
    }
}
