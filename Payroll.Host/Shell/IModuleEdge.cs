using System.CommandLine;

namespace Payroll.Host.Shell;

/// <summary>
/// What one module shows to people and scripts, registered once from its edge folder (docs/architecture.md, "Edges"):
/// its command-line verbs, its API endpoints (pages declare their own routes) and its entries in the menu.
/// </summary>
internal interface IModuleEdge
{
    IEnumerable<Command> Commands();

    void MapEndpoints(IEndpointRouteBuilder app);

    IEnumerable<MenuEntry> Menu();
}

/// <summary>A link in the top menu, shown to a fully signed-in user holding one of <see cref="Roles"/>; the text is a resource key.</summary>
internal sealed record MenuEntry(string Href, string TextKey, IReadOnlyList<string> Roles);
