namespace Payroll.Modules.Kernel.Crypto;

/// <summary>
/// Encrypts a secret that must be read back later (a TOTP seed) with a key ring kept outside the database. The host
/// supplies it (ASP.NET Core Data Protection); <see cref="Unprotect"/> throws on anything it did not protect.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}
