using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.BankTransfer.Release;

/// <summary>
/// Maker-checker: a <c>PayrollApprover</c> other than the generator releases the run's current generation. The files in
/// the Vault are checked against the SHA-256 recorded at generation; the run is marked Paid (idempotent for this
/// generation, so a retry after a crash finishes the job), then the release row — whose key is the run — is written:
/// a second release of the same run is refused by the database as well as here.
/// </summary>
internal sealed class ReleaseBankFilesHandler(IDbConnectionFactory db, ISender sender, IClock clock, CreditSeal seal) : IRequestHandler<ReleaseBankFiles, BankGeneration>
{
    private const string ReleaseSql = """
        INSERT INTO banktransfer_release (run_id, generation_id, released_by, released_at) VALUES (@runId, @generationId, @actor, @now)
        """;

    private const string MarkReleasedSql = "UPDATE banktransfer_generation SET state = 'Released' WHERE id = @generationId AND state = 'Current'";

    private const string SentSql = """
        UPDATE banktransfer_payment SET status = 'Sent'
        WHERE status = 'Generated' AND file_id IN (SELECT id FROM banktransfer_file WHERE generation_id = @generationId)
        """;

    public async ValueTask<BankGeneration> Handle(ReleaseBankFiles request, CancellationToken cancellationToken)
    {
        var runId = request.RunId;
        GenerationStore.GenerationRow row;
        BankGeneration generation;
        await using (var read = await db.OpenAsync(cancellationToken))
        {
            (row, generation) = await GenerationStore.ReadAsync(read, null, runId, seal, cancellationToken)
                ?? throw new ConflictException($"Run {runId} has no bank files: generate them first.");
        }

        if (row.State == GenerationStore.Released)
        {
            throw new ConflictException($"Run {runId}'s bank files were already released by {row.ReleasedBy}: a run is paid once.");
        }

        BankAccess.RequireChecker(request.Actor, row.GeneratedBy);
        foreach (var file in generation.Files)
        {
            var info = await sender.Send(new GetDocumentInfo(file.DocumentId), cancellationToken);
            if (info is null || info.PurgedAt is not null || info.Sha256 != file.Sha256)
            {
                throw new InvalidOperationException($"The stored file {file.FileName} does not match the SHA-256 recorded when it was generated: generate again.");
            }
        }

        await sender.Send(new MarkPayrollRunPaid(runId, string.Create(CultureInfo.InvariantCulture, $"bank-generation:{row.Id}"), request.Actor), cancellationToken);

        await using var c = await db.OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var args = new { runId, generationId = row.Id, actor = request.Actor.Name, now = clock.UtcNow.ToUnixTimeMilliseconds() };
        if (await c.ExecuteAsync(new CommandDefinition(MarkReleasedSql, args, tx, cancellationToken: cancellationToken)) != 1)
        {
            throw new ConflictException($"Run {runId}'s bank files changed or were released meanwhile: look again.");
        }

        await c.ExecuteAsync(new CommandDefinition(ReleaseSql, args, tx, cancellationToken: cancellationToken));
        await c.ExecuteAsync(new CommandDefinition(SentSql, args, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);

        await using var again = await db.OpenAsync(cancellationToken);
        return (await GenerationStore.ReadAsync(again, null, runId, seal, cancellationToken))!.Value.Generation;
    }
}
