namespace Payroll.Modules.Contracts;

/// <summary>
/// A message that carries uploaded workbooks: each is checked against the upload limits (unpacked size, number of
/// parts) before any handler opens it, whichever channel sent it.
/// </summary>
public interface IWorkbookUpload
{
    /// <summary>The workbooks by the field that carries them (null when that field is empty).</summary>
    IEnumerable<(string Field, byte[]? Workbook)> Workbooks { get; }
}
