using System.Security.Cryptography;
using Dapper;
using Mediator;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.BankTransfer.Generation;

/// <summary>
/// Generates an approved run's bank files: plans them, refuses on any unheld payee problem, writes each file, checks that
/// files plus held people equal the run's net total to the dollar, keeps each file in the Vault with the people it pays,
/// and records the generation (superseding an unreleased earlier one). The same run and hold-back give the same bytes:
/// generating again then changes nothing.
/// </summary>
internal sealed class BankFileGenerator(IDbConnectionFactory db, ISender sender, BankFilePlanner planner, IClock clock, CreditSeal seal)
{
    public static readonly string[] Categories = ["name", "bank-account", "salary"];

    private static readonly string[] PaymentColumns = ["file_id", "sequence", "run_id", "employee_id", "employee_no", "unit_code", "credit", "status"];
    private static readonly string[] HoldColumns = ["generation_id", "run_id", "employee_id", "employee_no", "unit_code", "held", "reason"];

    private const string SupersedeSql = "UPDATE banktransfer_generation SET state = 'Superseded' WHERE run_id = @runId AND state = 'Current'";

    private const string InsertGenerationSql = """
        INSERT INTO banktransfer_generation (run_id, state, hold_back, notes, generated_by, generated_at)
        VALUES (@runId, 'Current', @holdBack, @notes, @actor, @now) RETURNING id
        """;

    private const string InsertFileSql = """
        INSERT INTO banktransfer_file (generation_id, run_id, payer_bank, payer_account, payer_name, profile, file_name, document_id, sha256, size, payments, total)
        VALUES (@generationId, @runId, @PayerBank, @PayerAccount, @PayerName, @Profile, @FileName, @DocumentId, @Sha256, @Size, @Payments, @Total) RETURNING id
        """;

    public async Task<RunPayments> ApprovedRunAsync(long runId, Actor actor, CancellationToken ct)
    {
        var run = await sender.Send(new GetRunPayments(runId, actor), ct) ?? throw new NotFoundException("payroll run", runId);
        return run.Summary.State switch
        {
            RunState.Approved => run,
            RunState.Paid or RunState.Closed => throw new ConflictException($"Run {runId} is {run.Summary.State}: its bank files were released; nothing is generated twice."),
            var state => throw new ConflictException($"Run {runId} is {state}: only an approved run produces a bank file."),
        };
    }

    public async Task<BankPlan> PlanAsync(RunPayments run, IReadOnlyList<string> holdBack, string? profile, CancellationToken ct) =>
        await planner.PlanAsync(run, holdBack, profile, ct);

    public async Task<BankExport> GenerateAsync(long runId, IReadOnlyList<string> holdBack, string? profile, Actor actor, CancellationToken ct)
    {
        var run = await ApprovedRunAsync(runId, actor, ct);
        var plan = await planner.PlanAsync(run, holdBack, profile, ct);
        if (plan.Problems.Count > 0)
        {
            throw new InvalidInputException(plan.Problems.Select(p => new InputError(null, $"{p.EmployeeNo} {p.Field}", p.Message + "（可將此人暫緩發放，改以補發批次處理）")).ToList());
        }

        // ACHP01's size is known in advance: its buffer is then the file itself, never copied.
        var contents = plan.Files.Select(f =>
        {
            using var stream = new MemoryStream(f.Profile.Name == Profiles.BankProfiles.Achp01 ? (f.Payments.Count + 2) * (Achp01Writer.RecordLength + 2) : 0);
            f.Profile.Write(stream, f.File, f.Payments.Select(p => p.Payment).ToList());
            return stream.Length == stream.Capacity ? stream.GetBuffer() : stream.ToArray();
        }).ToList();

        // Control totals: what the files pay plus who is held back is exactly what the run approved.
        var paid = plan.Files.Sum(f => f.Total) + plan.Held.Sum(h => h.Amount);
        var people = plan.Files.Sum(f => f.Payments.Count) + plan.Held.Count;
        if (paid != run.Summary.Totals.Net || people != run.Summary.Totals.People)
        {
            throw new InvalidOperationException($"Run {runId}: files and held payments come to NT${paid:N0} for {people} people, the run approved NT${run.Summary.Totals.Net:N0} for {run.Summary.Totals.People}. Nothing was generated.");
        }

        var holdKey = string.Join(",", plan.Held.Select(h => h.EmployeeNo).Order(StringComparer.Ordinal));
        var hashes = contents.Select(b => Convert.ToHexStringLower(SHA256.HashData(b))).ToList();
        await using (var read = await db.OpenAsync(ct))
        {
            if (await GenerationStore.ReadAsync(read, null, runId, seal, ct) is { } existing)
            {
                if (existing.Row.State == GenerationStore.Released)
                {
                    throw new ConflictException($"Run {runId}'s bank files were released by {existing.Row.ReleasedBy}: nothing is generated twice.");
                }

                if (existing.Row.HoldBack == holdKey && existing.Generation.Files.Select(f => f.Sha256).SequenceEqual(hashes))
                {
                    return new BankExport(existing.Generation, contents);
                }
            }
        }

        var stored = new List<StoredDocument>();
        for (var i = 0; i < plan.Files.Count; i++)
        {
            var f = plan.Files[i];
            stored.Add(await sender.Send(new StoreDocument(
                "bank-file", "BankTransfer", f.Profile.ContentType, f.FileName, contents[i], f.Payments.Select(p => p.Payment.EmployeeId).ToList(), Categories, actor), ct));
        }

        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(SupersedeSql, new { runId }, tx, cancellationToken: ct));
        var generationId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertGenerationSql,
            new { runId, holdBack = holdKey, notes = string.Join("\n", plan.Notes), actor = actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        for (var i = 0; i < plan.Files.Count; i++)
        {
            var f = plan.Files[i];
            var fileId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertFileSql, new
            {
                generationId, runId, f.File.PayerBank, f.File.PayerAccount, f.File.PayerName, Profile = f.Profile.Name, f.FileName,
                stored[i].DocumentId, Sha256 = hashes[i], Size = (long)contents[i].Length, Payments = (long)f.Payments.Count, f.Total,
            }, tx, cancellationToken: ct));
            await BulkInsert.RunAsync(c, tx, "banktransfer_payment", PaymentColumns, f.Payments.Select((p, n) => new object?[]
            {
                fileId, (long)(n + 1), runId, p.Payment.EmployeeId, p.Payment.EmployeeNo, p.UnitCode,
                seal.Seal(new Credit(p.Payment.PayeeBank, p.Payment.PayeeAccount[^4..], p.Payment.Amount), fileId, n + 1, p.Payment.EmployeeId), PaymentStatus.Generated,
            }), ct);
        }

        await BulkInsert.RunAsync(c, tx, "banktransfer_hold", HoldColumns, plan.Held.Select(h => new object?[]
        {
            generationId, runId, h.EmployeeId, h.EmployeeNo, h.UnitCode, seal.SealHeld(h.Amount, generationId, h.EmployeeId), h.Reason,
        }), ct);
        await tx.CommitAsync(ct);

        await using var again = await db.OpenAsync(ct);
        return new BankExport((await GenerationStore.ReadAsync(again, null, runId, seal, ct))!.Value.Generation, contents);
    }
}
