using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payroll.Host.Security;
using Mediator;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Accounts;

/// <summary>Ends the session on the server (the cookie is worthless afterwards) and clears the cookie. POST only.</summary>
[Authorize(Policy = Policies.AnySession)]
public sealed class LogoutModel(ISender sender) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Shell/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await sender.Send(new SignOut(SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
        await HttpContext.SignOutAsync(SessionCookie.Scheme);
        return RedirectToPage("/Accounts/Login");
    }
}
