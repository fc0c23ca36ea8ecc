using System.IO.Compression;

namespace Payroll.Modules.Kernel.Documents;

/// <summary>
/// An uploaded workbook (.xlsx, a zip archive) checked before anything unpacks it: its entries counted and its content
/// actually inflated, in a fixed buffer, up to the limit. A zip bomb — a few megabytes that unpack to gigabytes, or a
/// hundred thousand parts — is refused here instead of exhausting the host inside the spreadsheet reader. The declared
/// sizes are not trusted: the bytes are counted as they come out.
/// </summary>
public static class WorkbookArchive
{
    /// <summary>
    /// The problem with <paramref name="bytes"/>, in words a clerk can act on, or null when it is within the limits. Bytes
    /// that are not a readable zip archive pass: whoever reads the workbook names that problem in its own words.
    /// </summary>
    public static string? Problem(byte[] bytes, UploadOptions limits)
    {
        if (bytes.Length < 4 || bytes[0] != 0x50 || bytes[1] != 0x4B)
        {
            return null;
        }

        var maxBytes = (long)limits.MaxWorkbookUnpackedMiB * 1024 * 1024;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > limits.MaxWorkbookEntries)
            {
                return $"活頁簿含 {archive.Entries.Count} 個內部檔案，超過 {limits.MaxWorkbookEntries} 個上限（Payroll:Uploads:MaxWorkbookEntries）；未匯入任何資料";
            }

            var buffer = new byte[81920];
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                using var content = entry.Open();
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return $"活頁簿解壓後超過 {limits.MaxWorkbookUnpackedMiB} MB 上限（Payroll:Uploads:MaxWorkbookUnpackedMiB），可能是壓縮炸彈；未匯入任何資料";
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }

        return null;
    }
}

/// <summary>Limits on uploaded files (<c>Payroll:Uploads</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "Payroll:Uploads";

    /// <summary>A workbook may unpack to at most this many MiB.</summary>
    public int MaxWorkbookUnpackedMiB { get; set; } = 256;

    /// <summary>A workbook may hold at most this many parts (a usual .xlsx has a dozen or two).</summary>
    public int MaxWorkbookEntries { get; set; } = 1000;
}
