using Microsoft.AspNetCore.Mvc;

namespace Payroll.Host.Shell;

/// <summary>
/// A page whose actions can be refused by a business rule: <see cref="BusinessErrorPageFilter"/> puts the refusal's
/// messages in <see cref="Problems"/> and shows the page again, so no handler repeats that tail.
/// </summary>
internal interface IProblemPage
{
    IReadOnlyList<string> Problems { get; set; }

    /// <summary>Reloads what the page shows and returns it (or a 404 when what it shows is gone).</summary>
    Task<IActionResult> ShowAgainAsync(CancellationToken ct);
}
