using Dapper;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.BankTransfer.Profiles;

/// <summary>The profiles payer accounts have been given.</summary>
internal sealed class PayerProfileStore(IDbConnectionFactory db)
{
    private const string ProfilesSql = "SELECT payer_bank AS Bank, payer_account AS Account, profile AS Profile FROM banktransfer_payer_profile";

    public async Task<IReadOnlyDictionary<(string Bank, string Account), string>> ProfilesAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Bank, string Account, string Profile)>(new CommandDefinition(ProfilesSql, cancellationToken: ct));
        return rows.ToDictionary(r => (r.Bank, r.Account), r => r.Profile);
    }
}
