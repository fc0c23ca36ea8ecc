using Payroll.Modules.Contracts.Personnel;

namespace Payroll.Tests.Support;

/// <summary>Inputs several fixtures build the same way.</summary>
internal static class TestData
{
    /// <summary>A valid civil servant of unit U0001 (薦任 6, 400 points, 一般行政), no contact details; vary it with <c>with</c>.</summary>
    public static EmployeeInput Person(string no, string name = "王小明", string nationalId = "A123456789") => new(
        no, "U0001", name, null, nationalId, new DateOnly(1985, 3, 2), StaffCategory.CivilServant, "薦任", 6, 400,
        "一般行政", 6, null, null, 1, "公保", PensionScheme.OldFund, WithholdingMethod.Table, 1, true,
        "004", "0037", "00012345674321", null, null, null, EmploymentStatus.Active, new DateOnly(2026, 1, 1));
}
