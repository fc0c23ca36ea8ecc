using Microsoft.AspNetCore.DataProtection;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host.Security;

/// <summary>TOTP secrets are protected with the host's Data Protection key ring (the one the cookies use), kept outside the database.</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Payroll.Security.TotpSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
