using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Payroll.Tests.Architecture;

/// <summary>The checks behind the architecture tests, kept apart so they can be shown to catch a violation.</summary>
public static partial class Rules
{
    /// <summary>Payroll projects a project file references.</summary>
    public static IReadOnlyList<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

    /// <summary>Packages a project file references (framework references count as packages named after the framework).</summary>
    public static IReadOnlyList<string> PackageReferences(string csproj)
    {
        var doc = XDocument.Load(csproj);
        return doc.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value)
            .Concat(doc.Descendants("FrameworkReference").Select(e => e.Attribute("Include")!.Value))
            .Concat(doc.Root!.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web" ? ["Microsoft.AspNetCore.App"] : [])
            .ToList();
    }

    public static IReadOnlyList<string> AssemblyReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    /// <summary>Files that name a module's own namespace (<c>Payroll.Modules.Salary…</c>), outside its contracts.</summary>
    public static IEnumerable<string> ModuleNamespacesUsed(IEnumerable<(string File, string Text)> sources, IReadOnlyCollection<string> modules) =>
        sources.SelectMany(s => ModuleNamespace().Matches(s.Text).Select(m => m.Groups["module"].Value).Where(modules.Contains).Distinct()
            .Select(m => $"{Path.GetFileName(s.File)}: Payroll.Modules.{m}"));

    /// <summary>The modules whose contracts a text uses (<c>Payroll.Modules.Contracts.&lt;Module&gt;</c>).</summary>
    public static IEnumerable<string> ContractModulesUsed(string text) =>
        ContractNamespace().Matches(text).Select(m => m.Groups["module"].Value).Distinct();

    /// <summary>Tables named in SQL text: after FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES, ON (index).</summary>
    public static IEnumerable<string> TableNames(string sql) =>
        TableReference().Matches(SqlComment().Replace(sql, " ")).Select(m => m.Groups["name"].Value.ToLowerInvariant())
            .Where(n => n is not ("select" or "lateral" or "only" or "if" or "not" or "exists" or "conflict" or "unnest" or "or" or "on" or "and" or "set" or "where"));

    /// <summary>SQL in a C# file: the contents of string literals (regular, verbatim and raw).</summary>
    public static IEnumerable<string> SqlLiterals(string csharp) =>
        StringLiteral().Matches(csharp).Select(m => m.Value)
            .Where(s => SqlKeyword().IsMatch(s));

    /// <summary>Contracts: data only. Returns what is not a sealed record or an enum, or declares behaviour.</summary>
    public static IEnumerable<string> ContractViolations(IEnumerable<Type> types)
    {
        string[] generated = ["ToString", "PrintMembers", "Equals", "GetHashCode", "<Clone>$", "Deconstruct", "op_Equality", "op_Inequality", "get_EqualityContract"];
        foreach (var type in types.Where(t => !t.IsNested || t.IsPublic))
        {
            // Marker interfaces, and interfaces that only describe data a message carries (property getters), are data too.
            if (type.IsEnum || type.IsInterface && type.GetMembers().All(m => m is PropertyInfo { CanWrite: false } || m is MethodInfo { IsSpecialName: true, Name: ['g', 'e', 't', '_', ..] }))
            {
                continue;
            }

            // Rule 2 also admits the rule attributes (properties only) and static classes of constants (role names).
            if (typeof(Attribute).IsAssignableFrom(type) && type.IsSealed
                && type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).All(m => m.IsSpecialName))
            {
                continue;
            }

            if (type.IsAbstract && type.IsSealed
                && type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly).All(m => m.IsSpecialName))
            {
                continue;
            }

            var isRecord = type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);
            if (!isRecord || !type.IsSealed)
            {
                yield return $"{type.FullName}: not a sealed record or an enum";
                continue;
            }

            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                // Rule 2 admits static factories that only build the record (Actor.Job("payroll-monthly")).
                var factory = method.IsStatic && method.IsPublic && method.ReturnType == type;
                if (!method.IsSpecialName && !generated.Contains(method.Name) && !factory)
                {
                    yield return $"{type.FullName}.{method.Name}: contracts hold data, not behaviour";
                }
            }
        }
    }

    /// <summary>
    /// Rule 7: each request names who may send it: a <see cref="SentByAttribute"/> naming someone (roles, the owner, system
    /// actors, anonymous requests, or handlers within an allowed message), or a <see cref="SignInStepAttribute"/>; a rule
    /// that names roles, the owner, systems or anonymous requests needs the message to carry its <see cref="Actor"/>.
    /// </summary>
    public static IEnumerable<string> AuthorizationViolations(IEnumerable<Type> requests)
    {
        foreach (var type in requests)
        {
            var sentBy = type.GetCustomAttribute<SentByAttribute>(inherit: false);
            var signIn = type.GetCustomAttribute<SignInStepAttribute>(inherit: false) is not null;
            var hasActor = type.GetProperties().Any(p => p.PropertyType == typeof(Actor));
            if (sentBy is null && !signIn)
            {
                yield return $"{type.Name}: declares no rule for who may send it";
            }
            else if (sentBy is not null && sentBy.Roles.Count == 0 && sentBy.Systems.Length == 0 && !sentBy.Owner && !sentBy.Anonymous && !sentBy.Within)
            {
                yield return $"{type.Name}: its rule names nobody";
            }
            else if (sentBy is not null && (sentBy.Roles.Count > 0 || sentBy.Systems.Length > 0 || sentBy.Owner || sentBy.Anonymous) && !hasActor)
            {
                yield return $"{type.Name}: its rule names who may send it, but it carries no Actor to check";
            }
        }
    }

    /// <summary>Whether C# text builds an actor that is not a person (<c>Actor.Job(...)</c>, <c>Actor.System(...)</c>).</summary>
    public static bool BuildsSystemActor(string csharp) => SystemActorFactory().IsMatch(csharp);

    [GeneratedRegex(@"\bActor\.(Job|System)\(")]
    private static partial Regex SystemActorFactory();

    private static readonly Type[] HandlerInterfaces =
    [
        typeof(Mediator.IRequestHandler<,>), typeof(Mediator.ICommandHandler<,>), typeof(Mediator.IQueryHandler<,>),
        typeof(Mediator.IRequestHandler<>), typeof(Mediator.ICommandHandler<>),
    ];

    public static bool IsRequest(Type type) =>
        !type.IsAbstract && !type.IsInterface
        && (typeof(Mediator.IBaseRequest).IsAssignableFrom(type) || typeof(Mediator.IBaseCommand).IsAssignableFrom(type) || typeof(Mediator.IBaseQuery).IsAssignableFrom(type));

    public static IEnumerable<Type> HandledMessages(Type handler) =>
        handler.GetInterfaces().Where(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())).Select(i => i.GetGenericArguments()[0]);

    /// <summary>
    /// Rule 5: each request has exactly one handler, internal sealed, named &lt;Message&gt;Handler, in the module whose
    /// folder of Contracts (namespace <c>Payroll.Modules.Contracts.&lt;Module&gt;</c>) it belongs to.
    /// </summary>
    public static IEnumerable<string> HandlerViolations(IEnumerable<Type> requests, IEnumerable<(string Module, Type Handler)> handlers)
    {
        var all = handlers.ToList();
        foreach (var request in requests)
        {
            var found = all.Where(h => HandledMessages(h.Handler).Contains(request)).ToList();
            if (found.Count != 1)
            {
                yield return $"{request.Name}: {found.Count} handlers, expected exactly one";
                continue;
            }

            var (module, handler) = found[0];
            if (handler.IsPublic || handler.IsNestedPublic || !handler.IsSealed)
            {
                yield return $"{handler.FullName}: handlers are internal sealed";
            }

            if (handler.Name != request.Name + "Handler")
            {
                yield return $"{handler.FullName}: should be named {request.Name}Handler";
            }

            var owner = request.Namespace?.Split('.').SkipWhile(p => p != "Contracts").Skip(1).FirstOrDefault();
            if (owner != module)
            {
                yield return $"{request.Name}: belongs to {owner ?? "no module folder"} but is handled in {module}";
            }
        }
    }

    /// <summary>Rule 6: job methods take ids, dates, enums and the CancellationToken or PerformContext the server supplies.</summary>
    public static IEnumerable<string> JobArgumentViolations(IEnumerable<Type> jobTypes)
    {
        // CancellationToken and PerformContext are supplied by the job server when the job runs; nothing of them is stored.
        Type[] allowed = [typeof(long), typeof(int), typeof(short), typeof(Guid), typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(CancellationToken),
            typeof(Hangfire.Server.PerformContext), typeof(bool)];
        bool Ok(Type t) => allowed.Contains(t) || t.IsEnum || (Nullable.GetUnderlyingType(t) is { } u && Ok(u)) || (t.IsArray && Ok(t.GetElementType()!));
        foreach (var job in jobTypes)
        {
            foreach (var method in job.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName))
            {
                foreach (var p in method.GetParameters().Where(p => !Ok(p.ParameterType)))
                {
                    yield return $"{job.Name}.{method.Name}({p.ParameterType.Name} {p.Name}): job arguments are ids, dates, enums, CancellationToken and PerformContext only";
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![@:$\w])(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|REFERENCES|INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?\w+\s+ON|(?:UPDATE|DELETE|INSERT|TRUNCATE)(?:\s+OR\s+(?:UPDATE|DELETE|INSERT))*\s+ON)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    [GeneratedRegex(@"\bPayroll\.Modules\.(?<module>[A-Z]\w*)\b")]
    private static partial Regex ModuleNamespace();

    [GeneratedRegex(@"\bPayroll\.Modules\.Contracts\.(?<module>[A-Z]\w*)\b")]
    private static partial Regex ContractNamespace();

    [GeneratedRegex(@"--[^\n]*|/\*[\s\S]*?\*/")]
    private static partial Regex SqlComment();

    [GeneratedRegex("\"\"\"[\\s\\S]*?\"\"\"|@\"(?:[^\"]|\"\")*\"|\\$?\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER)\b")]
    private static partial Regex SqlKeyword();
}
