namespace Payroll.Modules.Kernel.Crypto;

/// <summary>How personal identifiers are shown by default (SECURITY.md rule 4): enough to recognise, not to use.</summary>
public static class Masking
{
    /// <summary><c>A123456789</c> → <c>A12****789</c>.</summary>
    public static string NationalId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "";
        }

        return id.Length <= 6 ? new string('*', id.Length) : id[..3] + new string('*', id.Length - 6) + id[^3..];
    }

    /// <summary>Bank account: only the last four digits, <c>****6789</c>.</summary>
    public static string Account(string? account)
    {
        if (string.IsNullOrEmpty(account))
        {
            return "";
        }

        return account.Length <= 4 ? new string('*', account.Length) : "****" + account[^4..];
    }

    /// <summary>Chinese names keep the first and last character (<c>王小明</c> → <c>王*明</c>, <c>李四</c> → <c>李*</c>); romanised names their initials.</summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var runes = name.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (name.Any(char.IsAsciiLetter))
        {
            return string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => part[..1] + new string('*', Math.Max(0, part.Length - 1))));
        }

        return runes.Length switch
        {
            1 => "*",
            2 => runes[0] + "*",
            _ => runes[0] + new string('*', runes.Length - 2) + runes[^1],
        };
    }

    /// <summary>Phone: the last three digits (<c>0912345678</c> → <c>*******678</c>).</summary>
    public static string Phone(string? phone) =>
        string.IsNullOrEmpty(phone) ? "" : phone.Length <= 3 ? new string('*', phone.Length) : new string('*', phone.Length - 3) + phone[^3..];

    /// <summary>E-mail: first character of the local part and the domain (<c>m***@example.tw</c>).</summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? new string('*', email.Length) : email[..1] + "***" + email[at..];
    }

    /// <summary>Postal address: the city and district only (the first six characters), the rest masked.</summary>
    public static string Address(string? address) =>
        string.IsNullOrEmpty(address) ? "" : address.Length <= 6 ? address : address[..6] + "****";
}
