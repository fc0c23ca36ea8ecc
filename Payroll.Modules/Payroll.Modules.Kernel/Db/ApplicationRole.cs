using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Payroll.Modules.Kernel.Db;

/// <summary>
/// PostgreSQL with a migration role (<see cref="DatabaseOptions.MigrationConnectionString"/>): the schema belongs to
/// that role, and the application's role gets data rights only — read and write on the module tables, read and append
/// on the insert-only ones, read on the migration journals. It can neither change the ledger nor switch off, drop or
/// replace the triggers that guard it: only an owner can, and it owns nothing.
/// </summary>
public static partial class ApplicationRole
{
    /// <summary>The application's role, from its connection string (a plain identifier: it is written into GRANTs).</summary>
    public static string Of(string applicationConnectionString)
    {
        var role = new NpgsqlConnectionStringBuilder(applicationConnectionString).Username;
        return role is not null && PlainIdentifier().IsMatch(role)
            ? role
            : throw new InvalidOperationException(
                "Payroll:Database:ConnectionString must name its user (Username=...), a plain identifier (lower-case letters, digits, underscore), when a migration role is configured.");
    }

    /// <summary>
    /// Refuses an application role that could undo its restrictions: a superuser, a member of the migration role, or
    /// the owner of any table in <paramref name="schema"/> (left from a time it ran the migrations itself).
    /// </summary>
    public static async Task CheckAsync(NpgsqlConnection owner, string role, string schema, CancellationToken ct)
    {
        var facts = await owner.QuerySingleOrDefaultAsync<(bool Exists, bool Super, bool Member, long Owned)>(new CommandDefinition("""
            SELECT TRUE, r.rolsuper, pg_has_role(@role, current_user, 'MEMBER'),
                   (SELECT COUNT(*) FROM pg_tables t WHERE t.schemaname = @schema AND t.tableowner = @role)
            FROM pg_roles r WHERE r.rolname = @role
            """, new { role, schema }, cancellationToken: ct));
        if (!facts.Exists)
        {
            throw new InvalidOperationException($"The application's role {role} does not exist: create it (CREATE ROLE {role} LOGIN PASSWORD ...) before migrating.");
        }

        if (facts.Super || facts.Member)
        {
            throw new InvalidOperationException(
                $"The application's role {role} is {(facts.Super ? "a superuser" : "a member of the migration role")}: it could drop the ledger's guards. Give it LOGIN only.");
        }

        if (facts.Owned > 0)
        {
            throw new InvalidOperationException(
                $"The application's role {role} owns {facts.Owned} tables in schema {schema}: as the migration role's administrator, run REASSIGN OWNED BY {role} TO <migration role> first (docs/deployment.md).");
        }
    }

    /// <summary>Grants <paramref name="role"/> the application's rights on <paramref name="schema"/> as it is now.</summary>
    public static async Task GrantAsync(
        NpgsqlConnection owner, string role, string schema, IEnumerable<string> insertOnlyTables, IEnumerable<string> readOnlyTables, CancellationToken ct)
    {
        await CheckAsync(owner, role, schema, ct);
        Require(schema);
        var existing = (await owner.QueryAsync<string>(new CommandDefinition(
            "SELECT tablename FROM pg_tables WHERE schemaname = @schema", new { schema }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var statements = new List<string>
        {
            $"GRANT USAGE ON SCHEMA {schema} TO {role}",
            $"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        };
        foreach (var table in insertOnlyTables.Where(existing.Contains))
        {
            statements.Add($"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.{Require(table)} FROM {role}");
        }

        foreach (var table in readOnlyTables.Where(existing.Contains))
        {
            statements.Add($"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.{Require(table)} FROM {role}");
        }

        await using var tx = await owner.BeginTransactionAsync(ct);
        foreach (var statement in statements)
        {
            await owner.ExecuteAsync(new CommandDefinition(statement, transaction: tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>An identifier the code names (a table, a schema, a role), checked before it is written into SQL.</summary>
    internal static string Require(string identifier) => PlainIdentifier().IsMatch(identifier)
        ? identifier
        : throw new ArgumentException($"'{identifier}' is not a plain SQL identifier.", nameof(identifier));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
