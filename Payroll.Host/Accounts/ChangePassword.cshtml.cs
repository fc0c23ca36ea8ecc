using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Mediator;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Host.Security;

namespace Payroll.Host.Accounts;

public sealed class ChangePasswordModel(ISender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    [Display(Name = "CurrentPassword")]
    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "TooLong")]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Display(Name = "NewPassword")]
    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "TooLong")]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [Display(Name = "ConfirmPassword")]
    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "TooLong")]
    public string ConfirmPassword { get; set; } = "";

    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), text["PasswordMismatch"]);
        }

        if (ModelState.IsValid)
        {
            var problem = await sender.Send(new ChangePassword(
                SessionCookie.UserId(User), SessionCookie.SessionIdOf(User), CurrentPassword, NewPassword, HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
            if (problem is null)
            {
                Changed = true;
                return Page();
            }

            ModelState.AddModelError(problem == "CurrentPasswordWrong" ? nameof(CurrentPassword) : nameof(NewPassword), text[problem]);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
