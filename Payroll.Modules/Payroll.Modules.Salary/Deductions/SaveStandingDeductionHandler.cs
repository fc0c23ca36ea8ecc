using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Deductions;

/// <summary>Records a garnishment order or a voluntary deduction (HR clerks and payroll operators); every field is checked.</summary>
internal sealed class SaveStandingDeductionHandler(IDbConnectionFactory db, ISender sender, IClock clock, DeductionSeal seal) : IRequestHandler<SaveStandingDeduction, long>
{
    private const string InsertSql = """
        INSERT INTO salary_standing_deduction (employee_id, kind, label, terms, reference, from_period, to_period, recorded_at, recorded_by)
        VALUES (@employeeId, @kind, @label, @terms, @reference, @from, @to, @now, @actor)
        RETURNING id
        """;

    public async ValueTask<long> Handle(SaveStandingDeduction request, CancellationToken cancellationToken)
    {
        var errors = new List<InputError>();
        PayPeriod? from = null, to = null;
        try
        {
            from = PayPeriod.Parse(request.FromPeriod, "fromPeriod");
            to = request.ToPeriod is { Length: > 0 } t ? PayPeriod.Parse(t, "toPeriod") : null;
        }
        catch (InvalidInputException ex)
        {
            errors.AddRange(ex.Errors);
        }

        if (from is { } f && to is { } l && string.CompareOrdinal(l.ToString(), f.ToString()) < 0)
        {
            errors.Add(new InputError(null, "toPeriod", "before fromPeriod"));
        }

        if (request.Kind == StandingDeductionKind.Garnishment)
        {
            errors.Add(new InputError(null, "kind", "a court order is recorded as a garnishment order, with its creditor, debt and date"));
        }

        if (request.Kind == StandingDeductionKind.LabourPensionVoluntary ? request.Amount is <= 0 or > 600 : request.Amount <= 0)
        {
            errors.Add(new InputError(null, "amount", request.Kind == StandingDeductionKind.LabourPensionVoluntary
                ? "the rate in basis points, 1 to 600 (600 = 6%)" : "a whole NT$ amount above 0"));
        }

        if (string.IsNullOrWhiteSpace(request.Label) || request.Label.Length > 50)
        {
            errors.Add(new InputError(null, "label", "required, at most 50 characters"));
        }

        if (string.IsNullOrWhiteSpace(request.Reference) || request.Reference.Length > 100)
        {
            errors.Add(new InputError(null, "reference", request.Kind == StandingDeductionKind.Garnishment ? "the court order's number" : "what the person signed"));
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
            kind = request.Kind.ToString(),
            label = request.Label.Trim(),
            terms = seal.Seal(request.Amount, null, employeeId!.Value),
            reference = request.Reference.Trim(),
            from = from!.Value.ToString(),
            to = to?.ToString(),
            now = clock.UtcNow.ToUnixTimeMilliseconds(),
            actor = request.Actor.Name,
        }, cancellationToken: cancellationToken));
    }
}
