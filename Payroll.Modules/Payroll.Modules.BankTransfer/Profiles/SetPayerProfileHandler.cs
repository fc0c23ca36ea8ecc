using Dapper;
using Mediator;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.BankTransfer.Profiles;

/// <summary>Gives a payer account its profile (checked: the profile must load), replacing any earlier one.</summary>
internal sealed class SetPayerProfileHandler(IDbConnectionFactory db, BankProfiles profiles, IClock clock) : IRequestHandler<SetPayerProfile>
{
    private const string UpsertSql = """
        INSERT INTO banktransfer_payer_profile (payer_bank, payer_account, profile, set_by, set_at)
        VALUES (@PayerBank, @PayerAccount, @Profile, @actor, @now)
        ON CONFLICT (payer_bank, payer_account) DO UPDATE SET profile = excluded.profile, set_by = excluded.set_by, set_at = excluded.set_at
        """;

    public async ValueTask<Unit> Handle(SetPayerProfile request, CancellationToken cancellationToken)
    {
        var errors = new List<InputError>();
        if (request.PayerBank.Length != 7 || !request.PayerBank.All(char.IsAsciiDigit))
        {
            errors.Add(new InputError(null, "payerBank", "3-digit bank and 4-digit branch, 7 digits"));
        }

        if (request.PayerAccount.Length is < 10 or > 16 || !request.PayerAccount.All(char.IsAsciiDigit))
        {
            errors.Add(new InputError(null, "payerAccount", "10 to 16 digits"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        profiles.Get(request.Profile);
        await using var c = await db.OpenAsync(cancellationToken);
        await c.ExecuteAsync(new CommandDefinition(UpsertSql, new { request.PayerBank, request.PayerAccount, request.Profile, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return Unit.Value;
    }
}
