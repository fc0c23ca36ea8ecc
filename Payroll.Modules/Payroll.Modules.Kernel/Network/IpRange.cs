using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Payroll.Modules.Kernel.Network;

/// <summary>
/// Addresses as 16 bytes (IPv4 mapped into IPv6), so one byte-wise comparison serves both families in SQL on both
/// engines: an address is in a range when <c>lo &lt;= ip &lt;= hi</c>.
/// </summary>
public readonly record struct IpRange(byte[] Lo, byte[] Hi)
{
    public static byte[]? ToBytes(string? address) =>
        address is not null && IPAddress.TryParse(address, out var ip) ? ip.MapToIPv6().GetAddressBytes() : null;

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>2001:db8::/32</c> or a single address.</summary>
    public static IpRange Parse(string cidr)
    {
        var parts = cidr.Trim().Split('/');
        if (!IPAddress.TryParse(parts[0], out var address) || parts.Length > 2)
        {
            throw new ArgumentException($"'{cidr}' is not an address or CIDR range (e.g. 10.0.0.0/8).");
        }

        var width = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = width;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > width))
        {
            throw new ArgumentException($"'{cidr}': the prefix length must be 0-{width}.");
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? prefix + 96 : prefix;
        var lo = address.MapToIPv6().GetAddressBytes();
        var hi = (byte[])lo.Clone();
        for (var i = 0; i < 128; i++)
        {
            if (i >= bits)
            {
                var mask = (byte)(0x80 >> (i % 8));
                lo[i / 8] &= (byte)~mask;
                hi[i / 8] |= mask;
            }
        }

        return new IpRange(lo, hi);
    }

    public bool Contains(byte[] address) =>
        address.AsSpan().SequenceCompareTo(Lo) >= 0 && address.AsSpan().SequenceCompareTo(Hi) <= 0;
}
