using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Kernel.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>Password hashing (Identity's PBKDF2 <see cref="PasswordHasher{TUser}"/>), generation and the password rule.</summary>
internal static class Passwords
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // Verified against when the user name is unknown, so both cases take the same time.
    private static readonly string DummyHash = Hasher.HashPassword(new UserRecord(), "not-a-password-" + Guid.NewGuid());

    public static string Hash(string password) => Hasher.HashPassword(new UserRecord(), password);

    public static PasswordVerificationResult Verify(UserRecord user, string password) => Hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    /// <summary>Spends the time a real verification would, for an unknown user name.</summary>
    public static void VerifyNobody(string password) => Hasher.VerifyHashedPassword(new UserRecord(), DummyHash, password);

    /// <summary>20 characters from an alphabet without look-alikes: about 116 bits.</summary>
    public static string Generate()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    /// <summary>The text key of what is wrong with a new password, or null.</summary>
    public static string? Problem(SecurityOptions options, string newPassword, string? previous = null) =>
        newPassword.Length < options.MinimumPasswordLength ? "PasswordTooShort"
        : newPassword == previous ? "PasswordUnchanged"
        : null;
}
