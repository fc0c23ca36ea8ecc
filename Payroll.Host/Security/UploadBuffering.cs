using Microsoft.AspNetCore.WebUtilities;
using Payroll.Modules.Kernel.Storage;

namespace Payroll.Host.Security;

/// <summary>
/// Uploaded forms are buffered to disk in the host's own upload folder (<c>Payroll:Uploads:BufferDirectory</c>, default
/// <c>uploads</c> in the data directory), created readable by the service account only (0700), never in the shared
/// system temporary folder where other accounts on the machine could read a payroll workbook while it is being read.
/// Small forms stay in memory.
/// </summary>
public static class UploadBuffering
{
    /// <summary>Bodies up to this size are kept in memory; larger ones go to a file in the private folder.</summary>
    public const int MemoryThreshold = 64 * 1024;

    /// <summary>The private folder for this configuration, created (or narrowed) to 0700.</summary>
    public static string Directory(IConfiguration configuration)
    {
        var path = DataDirectory.Resolve(configuration, configuration["Payroll:Uploads:BufferDirectory"] is { Length: > 0 } d ? d : "uploads");
        DataDirectory.CreatePrivate(path);
        if (!OperatingSystem.IsWindows())
        {
            // An existing folder keeps its mode on creation: narrow it, whoever made it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    public static IApplicationBuilder UseUploadBuffering(this IApplicationBuilder app, string directory) => app.Use(async (context, next) =>
    {
        // Multipart forms (file uploads) only: the form reader then reads from this seekable buffer and makes no
        // temporary files of its own.
        if (context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            && !context.Request.Body.CanSeek)
        {
            // The buffer file is deleted when the request is over, whether it succeeded or failed.
            await using var buffered = new FileBufferingReadStream(context.Request.Body, MemoryThreshold, bufferLimit: null, directory);
            context.Request.Body = buffered;
            await next(context);
            return;
        }

        await next(context);
    });
}
