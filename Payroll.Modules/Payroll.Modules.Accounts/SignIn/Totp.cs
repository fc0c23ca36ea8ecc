using Microsoft.Extensions.Options;
using OtpNet;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>TOTP (RFC 6238, SHA-1, 6 digits, 30 s): secrets protected by the host's key ring, codes checked with one step of drift.</summary>
internal sealed class Totp(ISecretProtector protector, IClock clock, IOptions<SecurityOptions> options)
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);


    /// <summary>The <c>otpauth://</c> URI authenticator apps read (Key Uri Format).</summary>
    public string OtpAuthUri(string username, string secret)
    {
        var issuer = Uri.EscapeDataString(options.Value.TotpIssuer);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(username)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30";
    }

    /// <summary>Whether <paramref name="code"/> is current for the protected secret; the time step it matched.</summary>
    public bool Check(string protectedSecret, string code, out long step)
    {
        step = 0;
        code = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(Unprotect(protectedSecret)));
        return totp.VerifyTotp(clock.UtcNow.UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay);
    }
}
