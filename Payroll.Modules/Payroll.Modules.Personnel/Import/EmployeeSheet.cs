using System.Globalization;
using ClosedXML.Excel;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Personnel.Import;

/// <summary>The columns of the employee workbook, in order, with their Chinese headings and the words used for codes.</summary>
internal static class EmployeeSheet
{
    public const string SheetName = "人員資料";

    public static readonly string[] Headings =
    [
        "員工編號", "發薪單位", "姓名", "英文姓名", "身分證號", "出生日期", "人員類別", "官等", "職等", "俸點",
        "專業加給表", "專業加給級別", "主管加給級別", "地域加給", "健保眷屬人數", "保險類別", "退撫制度", "扣繳方式", "扶養人數", "居住者",
        "銀行代碼", "分行代碼", "帳號", "電子郵件", "手機", "地址", "狀態", "狀態日期",
    ];

    public static readonly IReadOnlyDictionary<string, StaffCategory> Categories = new Dictionary<string, StaffCategory>
    {
        ["公務人員"] = StaffCategory.CivilServant, ["教師"] = StaffCategory.Teacher, ["約聘僱"] = StaffCategory.ContractStaff, ["技工工友"] = StaffCategory.Worker,
    };

    public static readonly IReadOnlyDictionary<string, PensionScheme> Pensions = new Dictionary<string, PensionScheme>
    {
        ["退撫基金"] = PensionScheme.OldFund, ["個人專戶"] = PensionScheme.PersonalAccount,
    };

    public static readonly IReadOnlyDictionary<string, WithholdingMethod> Withholdings = new Dictionary<string, WithholdingMethod>
    {
        ["扣繳稅額表"] = WithholdingMethod.Table, ["5%"] = WithholdingMethod.FivePercent,
    };

    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool> { ["是"] = true, ["否"] = false };

    public static readonly IReadOnlyDictionary<string, EmploymentStatus> Statuses = new Dictionary<string, EmploymentStatus>
    {
        ["在職"] = EmploymentStatus.Active, ["留職停薪"] = EmploymentStatus.UnpaidLeave, ["離職"] = EmploymentStatus.Left,
        ["停職"] = EmploymentStatus.Suspended, ["休職"] = EmploymentStatus.SuspendedUnpaid,
        ["退休"] = EmploymentStatus.Retired, ["資遣"] = EmploymentStatus.Redundant, ["死亡"] = EmploymentStatus.Deceased,
    };

    /// <summary>Reads one data row; problems with single cells (format, codes, formulas) are added, the rest is left to <c>EmployeeRules</c>.</summary>
    public static EmployeeInput? Read(IXLRow row, List<ImportProblem> problems)
    {
        var rowNumber = row.RowNumber();
        var before = problems.Count;
        string? Text(int column)
        {
            var cell = row.Cell(column);
            if (cell.HasFormula)
            {
                problems.Add(new ImportProblem(rowNumber, Headings[column - 1], "資料儲存格不可含公式，請貼上數值"));
                return null;
            }

            var value = Cells.Text(cell);
            return value.Length == 0 ? null : value;
        }

        string Required(int column)
        {
            var value = Text(column);
            if (value is null && !row.Cell(column).HasFormula)
            {
                problems.Add(new ImportProblem(rowNumber, Headings[column - 1], "必填"));
            }

            return value ?? "";
        }

        int? Number(int column, bool required = false)
        {
            var text = required ? Required(column) : Text(column);
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            problems.Add(new ImportProblem(rowNumber, Headings[column - 1], $"「{text}」不是整數"));
            return null;
        }

        DateOnly Date(int column)
        {
            var cell = row.Cell(column);
            if (!cell.HasFormula && cell.DataType == XLDataType.DateTime)
            {
                return DateOnly.FromDateTime(cell.GetDateTime());
            }

            var text = Required(column);
            if (text.Length == 0)
            {
                return default;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) || RocDate.TryParse(text, out iso))
            {
                return iso;
            }

            problems.Add(new ImportProblem(rowNumber, Headings[column - 1], $"「{text}」不是日期（例：2026-01-01 或 115/01/01）"));
            return default;
        }

        T Code<T>(int column, IReadOnlyDictionary<string, T> words)
        {
            var text = Required(column);
            if (text.Length > 0 && !words.ContainsKey(text))
            {
                problems.Add(new ImportProblem(rowNumber, Headings[column - 1], $"「{text}」須為：{string.Join("、", words.Keys)}"));
            }

            return words.TryGetValue(text, out var value) ? value : default!;
        }

        var input = new EmployeeInput(
            Required(1), Required(2), Required(3), Text(4), Required(5), Date(6), Code(7, Categories), Text(8), Number(9), Number(10),
            Text(11), Number(12), Number(13), Text(14), Number(15, required: true) ?? 0, Required(16), Code(17, Pensions), Code(18, Withholdings),
            Number(19, required: true) ?? 0, Code(20, YesNo), Required(21), Required(22), Required(23), Text(24), Text(25), Text(26),
            Code(27, Statuses), Date(28));
        return problems.Count == before ? input : null;
    }
}
