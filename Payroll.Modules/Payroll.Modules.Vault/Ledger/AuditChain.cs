using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Payroll.Modules.Vault.Ledger;

/// <summary>
/// <c>row_hash = SHA-256(prev_hash || canonical fields)</c>: changing, removing or reordering any row breaks every
/// hash after it. The genesis <c>prev_hash</c> is 64 zeros.
/// </summary>
internal static class AuditChain
{
    public const string Access = "access";
    public const string Change = "change";
    public static readonly string Genesis = new('0', 64);

    public static string Hash(string prevHash, params object?[] fields)
    {
        var canonical = new StringBuilder(prevHash).Append('\n');
        foreach (var field in fields)
        {
            // Unit separator between fields; a null and an empty string differ.
            canonical.Append(field switch
            {
                null => "\u2400",
                long l => l.ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(field, CultureInfo.InvariantCulture),
            }).Append('\u001f');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static string AccessHash(AccessRow r) => Hash(
        r.PrevHash, r.Seq, r.At, r.Actor, r.UserId?.ToString(CultureInfo.InvariantCulture), r.Roles, r.ClientIp, r.UserAgent, r.Action,
        r.DocumentId, r.DocumentKind, r.Resource, r.SubjectIds, r.DataCategories, r.Outcome, r.Reason);

    public static string ChangeHash(ChangeRow r) => Hash(
        r.PrevHash, r.Seq, r.At, r.Actor, r.Module, r.Entity, r.EntityId, r.Field, r.BeforeHash, r.AfterHash);
}

/// <summary>A row of <c>vault_access</c>, as written and as read back for verification.</summary>
internal sealed record AccessRow
{
    public long Seq { get; init; }

    public long At { get; init; }

    public string Actor { get; init; } = "";

    public long? UserId { get; init; }

    public string? Roles { get; init; }

    public string? ClientIp { get; init; }

    public byte[]? ClientIpBin { get; init; }

    public string? UserAgent { get; init; }

    public string Action { get; init; } = "";

    public string? DocumentId { get; init; }

    public string? DocumentKind { get; init; }

    public string? Resource { get; init; }

    public string SubjectIds { get; init; } = "";

    public string DataCategories { get; init; } = "";

    public string Outcome { get; init; } = "";

    public string? Reason { get; init; }

    public string PrevHash { get; init; } = "";

    public string RowHash { get; init; } = "";
}

internal sealed record ChangeRow
{
    public long Seq { get; init; }

    public long At { get; init; }

    public string Actor { get; init; } = "";

    public string Module { get; init; } = "";

    public string Entity { get; init; } = "";

    public string EntityId { get; init; } = "";

    public string Field { get; init; } = "";

    public string? BeforeHash { get; init; }

    public string? AfterHash { get; init; }

    public string PrevHash { get; init; } = "";

    public string RowHash { get; init; } = "";
}
