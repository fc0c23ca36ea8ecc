using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Tables;

/// <summary>
/// One version of a reference table as a file: <c>{"kind", "effectiveFrom", "source", "verified", "content"}</c>.
/// The shipped tables are such files; an administrator loads a new version in the same form.
/// </summary>
internal sealed record ReferenceTableFile(string Kind, DateOnly EffectiveFrom, string Source, bool Verified, ITableContent Content)
{
    private sealed record Envelope(string? Kind, string? EffectiveFrom, string? Source, bool? Verified, JsonElement Content);

    /// <summary>The content as stored: canonical JSON, so the same figures always have the same hash.</summary>
    public string ContentJson => JsonSerializer.Serialize(Content, Content.GetType(), TableKinds.Json);

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ContentJson)));

    public static ReferenceTableFile Parse(string json)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(json, TableKinds.Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException([new InputError(null, "file", "not a reference table: " + ex.Message)]);
        }

        var errors = new List<InputError>();
        if (envelope is null)
        {
            throw new InvalidInputException([new InputError(null, "file", "empty")]);
        }

        if (envelope.Kind is null || !TableKinds.ContentTypes.TryGetValue(envelope.Kind, out var type))
        {
            errors.Add(new InputError(null, "kind", $"unknown kind \"{envelope.Kind}\"; one of {string.Join(", ", TableKinds.ContentTypes.Keys)}"));
            throw new InvalidInputException(errors);
        }

        if (!DateOnly.TryParseExact(envelope.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
        {
            errors.Add(new InputError(null, "effectiveFrom", "a date as yyyy-MM-dd"));
        }

        if (string.IsNullOrWhiteSpace(envelope.Source))
        {
            errors.Add(new InputError(null, "source", "name where the figures come from (law, table, year)"));
        }

        if (envelope.Verified is not false)
        {
            // A version is verified afterwards, by an administrator with the official document (who, when and its hash are kept).
            errors.Add(new InputError(null, "verified", "false: a new version is verified afterwards against the official document (tables verify)"));
        }

        ITableContent? content = null;
        try
        {
            content = envelope.Content.ValueKind == JsonValueKind.Object ? (ITableContent?)envelope.Content.Deserialize(type, TableKinds.Json) : null;
        }
        catch (JsonException ex)
        {
            errors.Add(new InputError(null, "content" + (ex.Path is { Length: > 1 } p ? p[1..] : ""), ex.Message));
        }

        if (content is null && errors.Count == 0)
        {
            errors.Add(new InputError(null, "content", "required"));
        }

        if (content is not null)
        {
            errors.AddRange(content.Check().Select(e => e with { Field = "content." + e.Field }));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return new ReferenceTableFile(envelope.Kind, effective, envelope.Source!.Trim(), envelope.Verified!.Value, content!.Normalized());
    }
}
