using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Mediator;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Host.Security;

namespace Payroll.Host.Accounts;

/// <summary>
/// First login of a privileged account without TOTP: shows a new secret and enrols it once a code from it is
/// confirmed. The secret is kept with the enrolment session on the server; the form carries only the code.
/// </summary>
[Authorize(Policy = Policies.SecondFactorPending)]
public sealed class LoginEnrollModel(ISender sender) : PageModel
{
    [BindProperty]
    [Display(Name = "TotpCode")]
    [Required(ErrorMessage = "Required")]
    [StringLength(7, ErrorMessage = "TooLong")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Secret { get; private set; } = "";

    public string OtpAuthUri { get; private set; } = "";

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.HasClaim(PayrollClaims.Stage, SessionStages.Enroll))
        {
            return RedirectToPage("/Accounts/LoginTotp", new { returnUrl = ReturnUrl });
        }

        if (await sender.Send(new StartTotpEnrollment(SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), User.Identity!.Name!), ct) is not { } enrollment)
        {
            return RedirectToPage("/Accounts/Login");
        }

        Show(enrollment);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await sender.Send(new StartTotpEnrollment(SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), User.Identity!.Name!), ct) is not { } enrollment)
        {
            return RedirectToPage("/Accounts/LoginEnroll", new { returnUrl = ReturnUrl });
        }

        Show(enrollment);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await sender.Send(new ConfirmTotpEnrollment(
            SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), Code, HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
        if (result.Outcome != SignInOutcome.SignedIn)
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignOutAsync(SessionCookie.Scheme);
        await SessionCookie.SignInAsync(HttpContext, result);
        return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
    }

    private void Show(TotpEnrollment enrollment)
    {
        Secret = string.Join(' ', enrollment.Secret.Chunk(4).Select(c => new string(c)));
        OtpAuthUri = enrollment.OtpAuthUri;
    }
}
