using System.Data.Common;
using Dapper;

namespace Payroll.Modules.Personnel.Employees;

/// <summary>Units and bank codes, loaded once per save or import to validate every row against.</summary>
internal sealed class ReferenceData
{
    private const string UnitsSql = "SELECT code, id FROM personnel_unit";
    private const string BanksSql = "SELECT bank_code FROM personnel_bank";
    private const string BranchesSql = "SELECT bank_code, branch_code FROM personnel_bank_branch";

    private ReferenceData(Dictionary<string, long> units, HashSet<string> banks, ILookup<string, string> branches)
    {
        Units = units;
        Banks = banks;
        Branches = branches;
    }

    public IReadOnlyDictionary<string, long> Units { get; }

    public IReadOnlySet<string> Banks { get; }

    /// <summary>Recorded branches per bank; a bank with none accepts any 4-digit branch code.</summary>
    public ILookup<string, string> Branches { get; }

    public static async Task<ReferenceData> LoadAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        var units = (await c.QueryAsync<(string Code, long Id)>(new CommandDefinition(UnitsSql, transaction: tx, cancellationToken: ct)))
            .ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
        var banks = (await c.QueryAsync<string>(new CommandDefinition(BanksSql, transaction: tx, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var branches = (await c.QueryAsync<(string Bank, string Branch)>(new CommandDefinition(BranchesSql, transaction: tx, cancellationToken: ct)))
            .ToLookup(b => b.Bank, b => b.Branch, StringComparer.Ordinal);
        return new ReferenceData(units, banks, branches);
    }
}
