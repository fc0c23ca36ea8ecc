using System.Security.Cryptography;
using Dapper;
using Mediator;
using Payroll.Modules.BankTransfer.Formats;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.BankTransfer.Profiles;
using Payroll.Modules.Contracts.BankTransfer;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.BankTransfer.Returns;

/// <summary>
/// The bank's result file for a released ACHP01 file: each detail is matched to the credit we sent (sequence, payee
/// bank, last four digits of the account, amount) and marked paid ("00") or rejected with the bank's reason. All or
/// nothing; the same result file twice changes nothing; a credit already settled is never flipped by another file.
/// </summary>
internal sealed class ImportBankReturnHandler(IDbConnectionFactory db, ISender sender, BankProfiles profiles, IClock clock, CreditSeal seal) : IRequestHandler<ImportBankReturn, BankReturnResult>
{
    private const string FilesSql = """
        SELECT f.id AS Id, f.payer_bank AS PayerBank, f.payer_account AS PayerAccount, f.profile AS Profile
        FROM banktransfer_file f JOIN banktransfer_generation g ON g.id = f.generation_id
        WHERE f.run_id = @RunId AND g.state = 'Released'
        """;

    private const string PaymentsSql = """
        SELECT sequence AS Sequence, employee_id AS EmployeeId, employee_no AS EmployeeNo, unit_code AS UnitCode, credit AS Credit,
               status AS Status, return_code AS ReturnCode
        FROM banktransfer_payment WHERE file_id = @fileId
        """;

    private const string SeenSql = "SELECT id FROM banktransfer_return WHERE file_id = @fileId AND sha256 = @sha";

    private const string InsertReturnSql = """
        INSERT INTO banktransfer_return (file_id, sha256, document_id, paid, rejected, imported_by, imported_at)
        VALUES (@fileId, @sha, @documentId, @paid, @rejected, @actor, @now) RETURNING id
        """;

    private const string PaidSql = $"""
        UPDATE banktransfer_payment SET status = 'Paid', return_code = '00', return_reason = '成功', return_id = @returnId
        WHERE file_id = @fileId AND status = 'Sent' AND sequence IN {SqlDialect.IdSetMarker}
        """;

    private const string RejectedSql = """
        UPDATE banktransfer_payment SET status = 'Rejected', return_code = @code, return_reason = @reason, return_id = @returnId
        WHERE file_id = @fileId AND status = 'Sent' AND sequence = @sequence
        """;


    public async ValueTask<BankReturnResult> Handle(ImportBankReturn request, CancellationToken cancellationToken)
    {
        var details = Achp01Return.Parse(request.Content, profiles.Options.Achp01AmountInCents);
        if (details.Count == 0)
        {
            throw new InvalidInputException([new InputError(null, "file", "the result file has no details")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var files = (await c.QueryAsync<FileRow>(new CommandDefinition(FilesSql, new { request.RunId }, cancellationToken: cancellationToken))).ToList();
        if (files.Count == 0)
        {
            throw new ConflictException($"Run {request.RunId} has no released bank file: result files come after the release.");
        }

        var payers = details.Select(d => (d.PayerBank, d.PayerAccount)).Distinct().ToList();
        var file = payers.Count == 1 ? files.SingleOrDefault(f => f.PayerBank == payers[0].PayerBank && f.PayerAccount.TrimStart('0') == payers[0].PayerAccount) : null;
        if (file is null)
        {
            throw new InvalidInputException([new InputError(details[0].Line, "payer", payers.Count == 1
                ? $"no released file of run {request.RunId} pays from {payers[0].PayerBank} …{payers[0].PayerAccount[^Math.Min(4, payers[0].PayerAccount.Length)..]}"
                : "the details name more than one payer account: one result file answers one file")]);
        }

        if (file.Profile != BankProfiles.Achp01)
        {
            throw new InvalidInputException([new InputError(null, "file", $"the released file is {file.Profile}: result files are read for ACHP01 files")]);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        var payments = (await c.QueryAsync<PaymentRow>(new CommandDefinition(PaymentsSql, new { fileId = file.Id }, cancellationToken: cancellationToken)))
            .ToDictionary(p => p.Sequence, p => (Row: p, Credit: seal.Open(p.Credit, file.Id, p.Sequence, p.EmployeeId)));
        var errors = new List<InputError>();
        var seen = new HashSet<long>();
        foreach (var d in details)
        {
            if (!payments.TryGetValue(d.Sequence, out var sent))
            {
                errors.Add(new InputError(d.Line, "sequence", $"credit {d.Sequence} is not in the file we sent"));
            }
            else if (!seen.Add(d.Sequence))
            {
                errors.Add(new InputError(d.Line, "sequence", $"credit {d.Sequence} appears twice"));
            }
            else if (sent.Credit.PayeeBank != d.PayeeBank || !d.PayeeAccount.EndsWith(sent.Credit.Last4, StringComparison.Ordinal) || sent.Credit.Amount != d.Amount)
            {
                errors.Add(new InputError(d.Line, "credit", $"credit {d.Sequence} does not match what we sent (bank, account or amount)"));
            }
            else if (sent.Row.Status is PaymentStatus.Paid or PaymentStatus.Rejected && sent.Row.ReturnCode != d.Code)
            {
                errors.Add(new InputError(d.Line, "response code", $"credit {d.Sequence} ({sent.Row.EmployeeNo}) was already marked {sent.Row.Status} ({sent.Row.ReturnCode}) by an earlier result file"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        var rejections = details.Where(d => d.Code != Achp01Return.Success)
            .Select(d => (Detail: d, Payment: payments[d.Sequence]))
            .Select(x => new RejectedPayment(x.Payment.Row.EmployeeNo, x.Payment.Row.UnitCode, x.Payment.Credit.Amount, x.Detail.Code, Achp01Return.Reason(x.Detail.Code)))
            .ToList();
        var paid = details.Where(d => d.Code == Achp01Return.Success).Select(d => d.Sequence).ToList();
        if (await c.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(SeenSql, new { fileId = file.Id, sha }, cancellationToken: cancellationToken)) is not null)
        {
            return new BankReturnResult(file.Id, paid.Count, rejections.Count, rejections);
        }

        var stored = await sender.Send(new StoreDocument(
            "bank-file", "BankTransfer", "text/plain", request.FileName, request.Content, details.Select(d => payments[d.Sequence].Row.EmployeeId).ToList(),
            BankFileGenerator.Categories, request.Actor), cancellationToken);

        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var returnId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertReturnSql, new
        {
            fileId = file.Id, sha, documentId = stored.DocumentId, paid = (long)paid.Count, rejected = (long)rejections.Count, actor = request.Actor.Name,
            now = clock.UtcNow.ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: cancellationToken));
        await c.ExecuteAsync(new CommandDefinition(SqlDialect.WithIdSet(PaidSql, db.Provider), new { returnId, fileId = file.Id, ids = SqlDialect.IdSetValue(db.Provider, paid) }, tx, cancellationToken: cancellationToken));
        foreach (var d in details.Where(d => d.Code != Achp01Return.Success))
        {
            await c.ExecuteAsync(new CommandDefinition(RejectedSql, new { returnId, fileId = file.Id, code = d.Code, reason = Achp01Return.Reason(d.Code), sequence = d.Sequence }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return new BankReturnResult(file.Id, paid.Count, rejections.Count, rejections);
    }

    private sealed class FileRow
    {
        public long Id { get; init; }

        public string PayerBank { get; init; } = "";

        public string PayerAccount { get; init; } = "";

        public string Profile { get; init; } = "";
    }

    private sealed class PaymentRow
    {
        public long Sequence { get; init; }

        public long EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string UnitCode { get; init; } = "";

        public byte[] Credit { get; init; } = [];

        public string Status { get; init; } = "";

        public string? ReturnCode { get; init; }
    }
}
