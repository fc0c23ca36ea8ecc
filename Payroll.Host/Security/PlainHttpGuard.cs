using System.Net;

namespace Payroll.Host.Security;

/// <summary>
/// SECURITY.md rule 6: plain HTTP is allowed on loopback only (where it redirects to HTTPS). A host told to serve
/// <c>http://</c> on any other address refuses to start.
/// </summary>
internal static class PlainHttpGuard
{
    public static void Check(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var host = HostOf(url);
            if (!IsLoopback(host))
            {
                throw new InvalidOperationException(
                    $"Refusing to serve plain HTTP on the non-loopback address '{url}'. Use https:// (HTTP is allowed on loopback only, where it redirects to HTTPS).");
            }
        }
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string HostOf(string url)
    {
        var rest = url["http://".Length..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        if (end >= 0)
        {
            rest = rest[..end];
        }

        if (rest.StartsWith('['))
        {
            return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
        }

        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
