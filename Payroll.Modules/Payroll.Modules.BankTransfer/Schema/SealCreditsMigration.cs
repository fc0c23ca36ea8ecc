using System.Data;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.BankTransfer.Generation;

namespace Payroll.Modules.BankTransfer.Schema;

/// <summary>
/// Migration 0003: seals every credit and every held-back amount that earlier versions wrote in clear, in the migration's
/// transaction (all or none). 0004 then drops the clear columns; the purge after it rewrites the files.
/// </summary>
internal sealed class SealCreditsMigration(CreditSeal seal) : IScript
{
    public const string Name = "0003_seal_credits";

    private const string PaymentsSql = """
        SELECT file_id AS FileId, sequence AS Sequence, employee_id AS EmployeeId, payee_bank AS PayeeBank, payee_account_last4 AS Last4, amount AS Amount
        FROM banktransfer_payment WHERE credit IS NULL
        """;

    private const string SealPaymentSql = "UPDATE banktransfer_payment SET credit = @Credit WHERE file_id = @FileId AND sequence = @Sequence";

    private const string HoldsSql = "SELECT generation_id AS GenerationId, employee_id AS EmployeeId, amount AS Amount FROM banktransfer_hold WHERE held IS NULL";

    private const string SealHoldSql = "UPDATE banktransfer_hold SET held = @Held WHERE generation_id = @GenerationId AND employee_id = @EmployeeId";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var transaction = probe.Transaction;
        var payments = connection.Query<PaymentRow>(PaymentsSql, transaction: transaction).AsList();
        foreach (var p in payments)
        {
            connection.Execute(SealPaymentSql, new { p.FileId, p.Sequence, Credit = seal.Seal(new Credit(p.PayeeBank, p.Last4, p.Amount), p.FileId, p.Sequence, p.EmployeeId) }, transaction);
        }

        var holds = connection.Query<HoldRow>(HoldsSql, transaction: transaction).AsList();
        foreach (var h in holds)
        {
            connection.Execute(SealHoldSql, new { h.GenerationId, h.EmployeeId, Held = seal.SealHeld(h.Amount, h.GenerationId, h.EmployeeId) }, transaction);
        }

        return $"-- {payments.Count} credits and {holds.Count} held amounts sealed";
    }

    private sealed class PaymentRow
    {
        public long FileId { get; init; }

        public long Sequence { get; init; }

        public long EmployeeId { get; init; }

        public string PayeeBank { get; init; } = "";

        public string Last4 { get; init; } = "";

        public long Amount { get; init; }
    }

    private sealed class HoldRow
    {
        public long GenerationId { get; init; }

        public long EmployeeId { get; init; }

        public long Amount { get; init; }
    }
}
