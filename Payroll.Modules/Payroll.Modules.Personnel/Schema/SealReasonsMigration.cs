using System.Data;
using System.Globalization;
using Dapper;
using DbUp.Engine;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Personnel.Employees;

namespace Payroll.Modules.Personnel.Schema;

/// <summary>
/// Migration 0009: seals what people typed and earlier versions kept in clear: the reason of every version (bound to
/// the person), and the reason and decision note of every pending change (bound to the change's key), in the
/// migration's transaction; the purge after it rewrites both tables so the clear text leaves the files too.
/// </summary>
internal sealed class SealReasonsMigration(FieldCipher cipher) : IScript
{
    public const string Name = "0009_seal_reasons";

    private const string VersionsSql = "SELECT id AS Id, employee_id AS EmployeeId, reason AS Reason FROM personnel_employee_version WHERE reason NOT LIKE 'sealed1:%'";

    private const string SealVersionSql = "UPDATE personnel_employee_version SET reason = @Reason WHERE id = @Id";

    private const string PendingSql = """
        SELECT id AS Id, change_key AS ChangeKey, reason AS Reason, note AS Note FROM personnel_pending_change
        WHERE reason NOT LIKE 'sealed1:%' OR (note IS NOT NULL AND note NOT LIKE 'sealed1:%')
        """;

    private const string SealPendingSql = "UPDATE personnel_pending_change SET reason = @Reason, note = @Note WHERE id = @Id";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = dbCommandFactory();
        var connection = probe.Connection!;
        var versions = connection.Query<(long Id, long EmployeeId, string Reason)>(VersionsSql, transaction: probe.Transaction).AsList();
        foreach (var v in versions)
        {
            connection.Execute(SealVersionSql, new
            {
                v.Id,
                Reason = cipher.Seal(v.Reason, EmployeeVersions.Table, "reason", v.EmployeeId.ToString(CultureInfo.InvariantCulture)),
            }, probe.Transaction);
        }

        var changes = connection.Query<(long Id, string ChangeKey, string Reason, string? Note)>(PendingSql, transaction: probe.Transaction).AsList();
        foreach (var p in changes)
        {
            connection.Execute(SealPendingSql, new
            {
                p.Id,
                Reason = Sealed(p.Reason, "reason", p.ChangeKey),
                Note = Sealed(p.Note, "note", p.ChangeKey),
            }, probe.Transaction);
        }

        return $"-- {versions.Count} version reasons and {changes.Count} pending changes sealed";
    }

    private string? Sealed(string? value, string column, string key) =>
        value is null || value.StartsWith(SealedText.Prefix, StringComparison.Ordinal) ? value : cipher.Seal(value, PendingChangeStore.Table, column, key);
}
