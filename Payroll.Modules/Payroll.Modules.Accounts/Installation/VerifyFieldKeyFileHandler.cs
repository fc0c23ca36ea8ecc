using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Installation;

/// <summary>
/// Every host must use the field-key file the database's data is encrypted with. The first host to start records the
/// file's fingerprint; a host (or a command) started with another file — a missing file recreated empty, a wrong path,
/// another city's keys — stops before it reads or writes anything, instead of storing documents no other host can read.
/// </summary>
internal sealed class VerifyFieldKeyFileHandler(IDbConnectionFactory db, FieldKeyRing keys, IClock clock) : IRequestHandler<VerifyFieldKeyFile>
{
    private const string RecordSql = """
        INSERT INTO accounts_field_key (id, fingerprint, key_file, recorded_at) VALUES (1, @fingerprint, @keyFile, @now)
        ON CONFLICT (id) DO NOTHING
        """;

    public async ValueTask<Unit> Handle(VerifyFieldKeyFile request, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(RecordSql, new { fingerprint = keys.Fingerprint, keyFile = keys.Path, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        var expected = await c.QuerySingleAsync<(string Fingerprint, string KeyFile)>(new CommandDefinition(
            "SELECT fingerprint, key_file FROM accounts_field_key WHERE id = 1", cancellationToken: ct));
        if (expected.Fingerprint != keys.Fingerprint)
        {
            throw new InvalidOperationException(
                $"The field-key file {keys.Path} (fingerprint {keys.Fingerprint}) is not the one this database's data is encrypted with "
                + $"(fingerprint {expected.Fingerprint}, first used from {expected.KeyFile}). Give this host the same file as the others "
                + "(Payroll:Keys:FieldKeyFile; see docs/deployment.md, Key files). Nothing was read or written.");
        }

        return Unit.Value;
    }
}
