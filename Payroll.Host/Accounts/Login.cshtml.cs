using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Mediator;
using Payroll.Host.Security;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Accounts;

/// <summary>Step one: user name and password. Privileged roles continue to the TOTP step.</summary>
[AllowAnonymous]
public sealed class LoginModel(ISender sender) : PageModel
{
    [BindProperty]
    [Display(Name = "Username")]
    [Required(ErrorMessage = "Required")]
    [StringLength(64, ErrorMessage = "TooLong")]
    public string Username { get; set; } = "";

    [BindProperty]
    [Display(Name = "Password")]
    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "TooLong")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public IActionResult OnGet()
    {
        if (User.HasClaim(PayrollClaims.Stage, SessionStages.Full))
        {
            return LocalRedirect(SafeReturnUrl());
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await sender.Send(new SignInWithPassword(Username, Password, HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
        if (result.Outcome == SignInOutcome.Refused)
        {
            Failed = true;
            Password = "";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await SessionCookie.SignInAsync(HttpContext, result);
        return result.Outcome switch
        {
            SignInOutcome.NeedsTotp => RedirectToPage("/Accounts/LoginTotp", new { returnUrl = SafeReturnUrl() }),
            SignInOutcome.NeedsEnrollment => RedirectToPage("/Accounts/LoginEnroll", new { returnUrl = SafeReturnUrl() }),
            _ => LocalRedirect(SafeReturnUrl()),
        };
    }

    private string SafeReturnUrl() => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";
}
