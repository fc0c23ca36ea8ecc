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

    /// <summary>The hash version every new access row is written with.</summary>
    public const int CurrentAccessVersion = 2;

    /// <summary>
    /// Version 2 covers every column the exposure query reads: the client address in binary form too, and a
    /// document's digest (its subjects). Version 1 (rows written before) is recomputed as it was written.
    /// </summary>
    public static string AccessHash(AccessRow r) => r.HashVersion >= 2
        ? Hash(
            r.PrevHash, "v2", r.Seq, r.At, r.Actor, r.UserId?.ToString(CultureInfo.InvariantCulture), r.Roles, r.ClientIp,
            r.ClientIpBin is null ? null : Convert.ToHexStringLower(r.ClientIpBin), r.UserAgent, r.Action, r.DocumentId, r.DocumentDigest,
            r.DocumentKind, r.Resource, r.SubjectIds, r.DataCategories, r.Outcome, r.Reason)
        : Hash(
            r.PrevHash, r.Seq, r.At, r.Actor, r.UserId?.ToString(CultureInfo.InvariantCulture), r.Roles, r.ClientIp, r.UserAgent, r.Action,
            r.DocumentId, r.DocumentKind, r.Resource, r.SubjectIds, r.DataCategories, r.Outcome, r.Reason);

    public static string ChangeHash(ChangeRow r) => Hash(
        r.PrevHash, r.Seq, r.At, r.Actor, r.Module, r.Entity, r.EntityId, r.Field, r.BeforeHash, r.AfterHash);
}

/// <summary>A row of <c>vault_access</c>, as written and as read back for verification.</summary>
internal sealed record AccessRow
{
    public long Seq { get; init; }

    public int HashVersion { get; init; } = AuditChain.CurrentAccessVersion;

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

    /// <summary>The document's <see cref="DocumentDigest"/> when the row was written (version 2, documents only).</summary>
    public string? DocumentDigest { get; init; }

    public string? Resource { get; init; }

    public string SubjectIds { get; init; } = "";

    public string DataCategories { get; init; } = "";

    public string Outcome { get; init; } = "";

    public string? Reason { get; init; }

    public string PrevHash { get; init; } = "";

    public string RowHash { get; init; } = "";

    /// <summary>Read by audit verify only: the document's digest now (not a column of the row).</summary>
    public string? CurrentDocumentDigest { get; init; }
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

/// <summary>
/// A document's digest: SHA-256 over its id, kind, data categories and subject ids in ascending order. Stored with the
/// document and recorded in every ledger row that reads it, so a subject row deleted or added is found.
/// </summary>
internal sealed class DocumentDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public DocumentDigest(string documentId, string kind, string categories) =>
        _hash.AppendData(Encoding.UTF8.GetBytes($"document\n{documentId}\n{kind}\n{categories}\n"));

    public static string Of(string documentId, string kind, string categories, IEnumerable<long> ascendingSubjects)
    {
        using var digest = new DocumentDigest(documentId, kind, categories);
        foreach (var subject in ascendingSubjects)
        {
            digest.Add(subject);
        }

        return digest.Finish();
    }

    public void Add(long subject) => _hash.AppendData(Encoding.ASCII.GetBytes(subject.ToString(CultureInfo.InvariantCulture) + ","));

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
