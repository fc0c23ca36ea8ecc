using System.Net;
using System.Net.Sockets;

namespace Payroll.Host.Security;

/// <summary>Checks what users type as an address filter: one address, or a CIDR range such as <c>10.0.0.0/8</c>.</summary>
internal static class AddressRanges
{
    public static bool IsValid(string text)
    {
        var parts = text.Trim().Split('/');
        return parts.Length <= 2 && IPAddress.TryParse(parts[0], out var address)
            && (parts.Length == 1 || (int.TryParse(parts[1], out var bits) && bits >= 0
                && bits <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)));
    }
}
