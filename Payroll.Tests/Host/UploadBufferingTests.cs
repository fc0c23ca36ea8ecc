using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Payroll.Tests.Host;

/// <summary>Issue: uploads are buffered in a private folder (0700), never in the machine's shared temporary folder.</summary>
public sealed class UploadBufferingTests(string provider) : HostFixture(provider)
{
    private string Uploads => Path.Combine(Database.DataDirectory, "uploads");

    // While the form is open, the probe answers which files hold its body, and where.
    protected override Action<IEndpointRouteBuilder>? MapEndpoints => app =>
        app.MapPost("/test/upload-probe", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            await using var file = form.Files.Single().OpenReadStream();
            var bytes = new MemoryStream();
            await file.CopyToAsync(bytes);
            var buffered = Directory.GetFiles(Path.Combine(Database.DataDirectory, "uploads")).Length;
            return Results.Text($"{bytes.Length} {buffered}");
        }).DisableAntiforgery().AllowAnonymous();

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheUploadFolder_IsReadableByTheServiceAccountOnly()
    {
        Assert.That(File.GetUnixFileMode(Uploads), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }

    [Test]
    public async Task ALargeUpload_IsBufferedInThePrivateFolder_AndRemovedAfterwards()
    {
        using var client = Host.Client();
        var payload = new byte[300 * 1024];
        Random.Shared.NextBytes(payload);
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(payload);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "Workbook", "large.xlsx");

        var response = await client.Http.PostAsync("/test/upload-probe", content);
        var answer = (await response.Content.ReadAsStringAsync()).Split(' ');

        Assert.That(response.IsSuccessStatusCode, Is.True, $"{response.StatusCode} {string.Join(" ", answer)}");
        Assert.That(long.Parse(answer[0]), Is.EqualTo(payload.Length), "the whole file reached the handler");
        Assert.That(int.Parse(answer[1]), Is.EqualTo(1), "while the form was read, its body was one file in the private folder");
        // The server removes it when it finishes the request, which may be just after the client has the answer.
        Assert.That(() => Directory.GetFiles(Uploads), Is.Empty.After(5000, 50), "the buffer file is gone once the request is over");
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void AnExistingFolderWithAWiderMode_IsNarrowedAtStart()
    {
        var data = Path.Combine(Path.GetTempPath(), "payroll-upload-mode-" + Guid.NewGuid().ToString("N"));
        var wide = Path.Combine(data, "uploads");
        Directory.CreateDirectory(wide);
        File.SetUnixFileMode(wide, (UnixFileMode)0b111_111_111);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Payroll:DataDirectory"] = data }).Build();
            Assert.That(Payroll.Host.Security.UploadBuffering.Directory(configuration), Is.EqualTo(wide));
            Assert.That(File.GetUnixFileMode(wide), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
