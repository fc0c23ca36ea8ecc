using System.Security.Cryptography;
using System.Text;

namespace Payroll.Modules.Kernel.Crypto;

/// <summary>The stored form of a session id (its SHA-256, hex): what the session table keeps, and the key that binds download grants and ledger rows to a session.</summary>
public static class SessionKey
{
    public static string Of(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sessionId)));
}
