using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Payroll.Host.Security.Accounts;

namespace Payroll.Host.Accounts;

/// <summary>
/// First login of a privileged account without TOTP: shows a new secret and enrols it once a code from it is
/// confirmed. The secret travels in the form only encrypted (Data Protection), never in clear.
/// </summary>
[Authorize(Policy = Policies.SecondFactorPending)]
public sealed class LoginEnrollModel(AccountService accounts) : PageModel
{
    [BindProperty]
    [Display(Name = "TotpCode")]
    [Required(ErrorMessage = "Required")]
    [StringLength(7, ErrorMessage = "TooLong")]
    public string Code { get; set; } = "";

    [BindProperty]
    public string ProtectedSecret { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Secret { get; private set; } = "";

    public string OtpAuthUri { get; private set; } = "";

    public bool Failed { get; private set; }

    public IActionResult OnGet()
    {
        if (!User.HasClaim(PayrollClaims.Stage, SessionStages.Enroll))
        {
            return RedirectToPage("/Accounts/LoginTotp", new { returnUrl = ReturnUrl });
        }

        var enrollment = accounts.NewEnrollment(User.Identity!.Name!);
        Show(enrollment.Secret);
        ProtectedSecret = accounts.ProtectSecret(enrollment.Secret);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        string secret;
        try
        {
            secret = accounts.UnprotectSecret(ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return RedirectToPage("/Accounts/LoginEnroll", new { returnUrl = ReturnUrl });
        }

        Show(secret);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await accounts.ConfirmEnrollmentAsync(
            SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), ProtectedSecret, Code, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.Outcome != LoginOutcome.SignedIn)
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignOutAsync(SessionCookie.Scheme);
        await SessionCookie.SignInAsync(HttpContext, result);
        return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
    }

    private void Show(string secret)
    {
        Secret = string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
        OtpAuthUri = accounts.OtpAuthUri(User.Identity!.Name!, secret);
    }
}
