using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Mediator;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Accounts;

/// <summary>Step two for every role but Employee: a TOTP code. Success opens a new session (new id).</summary>
[Authorize(Policy = Policies.SecondFactorPending)]
public sealed class LoginTotpModel(ISender sender) : PageModel
{
    [BindProperty]
    [Display(Name = "TotpCode")]
    [Required(ErrorMessage = "Required")]
    [StringLength(7, ErrorMessage = "TooLong")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public IActionResult OnGet() =>
        User.HasClaim(PayrollClaims.Stage, SessionStages.Totp) ? Page() : RedirectToPage("/Accounts/LoginEnroll", new { returnUrl = ReturnUrl });

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await sender.Send(new VerifySecondFactor(
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
}
