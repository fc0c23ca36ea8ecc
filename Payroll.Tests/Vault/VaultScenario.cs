using Payroll.Modules.Contracts;

namespace Payroll.Tests.Vault;

/// <summary>Actors for ledger scenarios: users with a session, inside and outside the trusted network 10.0.0.0/8.</summary>
internal static class VaultScenario
{
    public static Actor User(long id, string name, string ip, params string[] roles) =>
        new(id, name, roles, "session-" + id + "-" + ip, ip, "test-agent", null);

    public static readonly Actor Job = Actor.Job("test");
}
