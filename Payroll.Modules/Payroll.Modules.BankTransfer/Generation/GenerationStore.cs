using Dapper;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>Reads a run's current (or released) generation with its files, held people and payment statuses.</summary>
internal static class GenerationStore
{
    public const string Current = "Current";
    public const string Released = "Released";
    public const string Superseded = "Superseded";

    private const string GenerationSql = """
        SELECT g.id AS Id, g.run_id AS RunId, g.state AS State, g.hold_back AS HoldBack, g.notes AS Notes, g.generated_by AS GeneratedBy,
               g.generated_at AS GeneratedAt, r.released_by AS ReleasedBy, r.released_at AS ReleasedAt
        FROM banktransfer_generation g LEFT JOIN banktransfer_release r ON r.generation_id = g.id
        WHERE g.run_id = @runId AND g.state <> 'Superseded'
        """;

    private const string FilesSql = """
        SELECT id AS Id, payer_bank AS PayerBank, payer_account AS PayerAccount, payer_name AS PayerName, profile AS Profile, file_name AS FileName,
               document_id AS DocumentId, sha256 AS Sha256, size AS Size, payments AS Payments, total AS Total
        FROM banktransfer_file WHERE generation_id = @id ORDER BY id
        """;

    private const string HeldSql = """
        SELECT employee_id AS EmployeeId, employee_no AS EmployeeNo, unit_code AS UnitCode, held AS Held, reason AS Reason
        FROM banktransfer_hold WHERE generation_id = @id ORDER BY employee_no
        """;

    private const string StatusSql = """
        SELECT p.status AS Status, COUNT(*) AS People
        FROM banktransfer_file f JOIN banktransfer_payment p ON p.file_id = f.id
        WHERE f.generation_id = @id GROUP BY p.status
        """;

    public static async Task<(GenerationRow Row, BankGeneration Generation)?> ReadAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long runId, CreditSeal seal, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<GenerationRow>(new CommandDefinition(GenerationSql, new { runId }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var files = (await c.QueryAsync<FileRow>(new CommandDefinition(FilesSql, new { id = row.Id }, tx, cancellationToken: ct))).ToList();
        var held = await c.QueryAsync<HeldRow>(new CommandDefinition(HeldSql, new { id = row.Id }, tx, cancellationToken: ct));
        var status = (await c.QueryAsync<(string Status, long People)>(new CommandDefinition(StatusSql, new { id = row.Id }, tx, cancellationToken: ct)))
            .ToDictionary(s => s.Status, s => (int)s.People, StringComparer.Ordinal);
        var heldList = held.Select(h => new HeldPayment(h.EmployeeNo, h.UnitCode, seal.OpenHeld(h.Held, row.Id, h.EmployeeId), h.Reason)).ToList();
        return (row, new BankGeneration(
            row.Id, row.RunId, row.GeneratedBy, DateTimeOffset.FromUnixTimeMilliseconds(row.GeneratedAt), row.ReleasedBy,
            row.ReleasedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            files.Select(f => new BankFileSummary(f.Id, f.PayerBank, Masking.Account(f.PayerAccount), f.PayerName, f.Profile, f.FileName, f.DocumentId, f.Sha256, f.Size, (int)f.Payments, f.Total)).ToList(),
            heldList,
            new PaymentStatusCounts(
                status.GetValueOrDefault(PaymentStatus.Generated), status.GetValueOrDefault(PaymentStatus.Sent), status.GetValueOrDefault(PaymentStatus.Paid),
                status.GetValueOrDefault(PaymentStatus.Rejected), heldList.Count),
            row.Notes.Length == 0 ? [] : row.Notes.Split('\n')));
    }

    internal sealed class GenerationRow
    {
        public long Id { get; init; }

        public long RunId { get; init; }

        public string State { get; init; } = "";

        public string HoldBack { get; init; } = "";

        public string Notes { get; init; } = "";

        public string GeneratedBy { get; init; } = "";

        public long GeneratedAt { get; init; }

        public string? ReleasedBy { get; init; }

        public long? ReleasedAt { get; init; }
    }

    internal sealed class FileRow
    {
        public long Id { get; init; }

        public string PayerBank { get; init; } = "";

        public string PayerAccount { get; init; } = "";

        public string PayerName { get; init; } = "";

        public string Profile { get; init; } = "";

        public string FileName { get; init; } = "";

        public string DocumentId { get; init; } = "";

        public string Sha256 { get; init; } = "";

        public long Size { get; init; }

        public long Payments { get; init; }

        public long Total { get; init; }
    }

    private sealed class HeldRow
    {
        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public byte[] Held { get; init; } = [];

        public string Reason { get; init; } = "";
    }
}

internal static class PaymentStatus
{
    public const string Generated = "Generated";
    public const string Sent = "Sent";
    public const string Paid = "Paid";
    public const string Rejected = "Rejected";
}
