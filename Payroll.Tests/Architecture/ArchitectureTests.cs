using System.Reflection;

namespace Payroll.Tests.Architecture;

/// <summary>The rules of docs/architecture.md, table-driven over <see cref="Solution.Modules"/>.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] OwnProjects =
        [.. Solution.Modules.Select(m => m.Assembly.GetName().Name!), "Payroll.Modules.Contracts", "Payroll.Modules.Kernel", "Payroll.Jobs", "Payroll.Host", "Payroll.Modules.Composition"];

    private static IEnumerable<Solution.Module> Modules() => Solution.Modules;

    private static string Csproj(Assembly assembly)
    {
        var name = assembly.GetName().Name!;
        var folder = name.StartsWith("Payroll.Modules.", StringComparison.Ordinal) ? Path.Combine("Payroll.Modules", name) : name;
        return Path.Combine(Solution.RepositoryRoot, folder, name + ".csproj");
    }

    // Rule 1 ------------------------------------------------------------------------------------------------

    [TestCaseSource(nameof(Modules))]
    public void Rule1_Module_ReferencesOnlyContractsAndKernel(Solution.Module module)
    {
        string[] allowed = ["Payroll.Modules.Contracts", "Payroll.Modules.Kernel"];
        Assert.That(Rules.ProjectReferences(Csproj(module.Assembly)), Is.SubsetOf(allowed));
        Assert.That(Rules.AssemblyReferences(module.Assembly).Where(OwnProjects.Contains), Is.SubsetOf(allowed));
    }

    [Test]
    public void Rule1_Jobs_ReferencesOnlyContractsAndKernel()
    {
        string[] allowed = ["Payroll.Modules.Contracts", "Payroll.Modules.Kernel"];
        Assert.That(Rules.ProjectReferences(Csproj(Solution.Jobs)), Is.SubsetOf(allowed));
        Assert.That(Rules.AssemblyReferences(Solution.Jobs).Where(OwnProjects.Contains), Is.SubsetOf(allowed));
    }

    [Test]
    public void Rule1_ContractsAndKernel_ReferenceNoOtherProject()
    {
        Assert.That(Rules.ProjectReferences(Csproj(Solution.Contracts)), Is.Empty);
        Assert.That(Rules.ProjectReferences(Csproj(Solution.Kernel)), Is.Empty);
    }

    [Test]
    public void Rule1_CompositionComposesEveryModule()
    {
        Assert.That(Rules.ProjectReferences(Csproj(Solution.Composition)), Is.SupersetOf(Solution.Modules.Select(m => m.Assembly.GetName().Name)));
    }

    [Test]
    public void Rule1_Host_ReferencesOnlyContractsKernelJobsAndTheComposition()
    {
        string[] allowed = ["Payroll.Modules.Contracts", "Payroll.Modules.Kernel", "Payroll.Jobs", "Payroll.Modules.Composition"];
        Assert.That(Rules.ProjectReferences(Csproj(Solution.Host)), Is.SubsetOf(allowed));
        // What the compiled host uses: no module type, public or not, is in it.
        Assert.That(Rules.AssemblyReferences(Solution.Host).Where(OwnProjects.Contains), Is.SubsetOf(allowed));
        Assert.That(Rules.ModuleNamespacesUsed(SourcesOf(Path.Combine(Solution.RepositoryRoot, "Payroll.Host")), ModuleNames), Is.Empty);
    }

    [TestCaseSource(nameof(Modules))]
    public void Rule1_ModuleInternals_AreVisibleOnlyToTheCompositionAndTheTests(Solution.Module module)
    {
        var visibleTo = module.Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
        Assert.That(visibleTo, Is.SubsetOf(new[] { "Payroll.Modules.Composition", "Payroll.Tests" }));
    }

    [Test]
    public void Rule1_Benchmarks_ReachModulesThroughContractsOnly()
    {
        var project = Path.Combine(Solution.RepositoryRoot, "Payroll.Tests", "Payroll.Benchmarks");
        Assert.That(Rules.ProjectReferences(Path.Combine(project, "Payroll.Benchmarks.csproj")),
            Is.SubsetOf(new[] { "Payroll.Modules.Contracts", "Payroll.Modules.Kernel", "Payroll.Modules.Composition", "Payroll.Jobs" }));
        Assert.That(Rules.ModuleNamespacesUsed(SourcesOf(project), ModuleNames), Is.Empty);
    }

    /// <summary>An edge folder of the host uses its own module's contracts, plus the Vault's and the Kernel's.</summary>
    [Test]
    public void Rule1_EdgeFolder_UsesOnlyItsModulesContracts_PlusVaultAndKernel()
    {
        var host = Path.Combine(Solution.RepositoryRoot, "Payroll.Host");
        var found = new List<string>();
        foreach (var (folder, module) in Solution.Edges)
        {
            foreach (var (file, text) in SourcesOf(Path.Combine(host, folder), "*.cs", "*.cshtml"))
            {
                found.AddRange(Rules.ContractModulesUsed(text).Where(m => ModuleNames.Contains(m) && m != module && m != "Vault")
                    .Select(m => $"{Path.GetRelativePath(host, file).Replace('\\', '/')}: {m}"));
            }
        }

        Assert.That(found.Distinct(), Is.Empty);
    }

    [Test]
    public void Rule1_Checkers_FindModuleNamespacesAndForeignContracts()
    {
        const string code = """
            using Payroll.Modules.Salary.Registers;
            using Payroll.Modules.Contracts.Salary;
            var x = new Payroll.Modules.Contracts.BankTransfer.GetBankGeneration(1);
            var k = Payroll.Modules.Kernel.Time.RocDate.Taipei;
            """;
        Assert.That(Rules.ModuleNamespacesUsed([("a.cs", code)], ["Salary", "BankTransfer"]), Is.EqualTo(new[] { "a.cs: Payroll.Modules.Salary" }));
        Assert.That(Rules.ContractModulesUsed(code), Is.EquivalentTo(new[] { "Salary", "BankTransfer" }));
    }

    // Rule 2 ------------------------------------------------------------------------------------------------

    [Test]
    public void Rule2_Contracts_AreDataOnly()
    {
        Assert.That(Rules.ContractViolations(Solution.Contracts.GetTypes().Where(t => !t.Name.StartsWith('<'))), Is.Empty);
        Assert.That(Rules.PackageReferences(Csproj(Solution.Contracts)), Is.SubsetOf(new[] { "Mediator.Abstractions" }), "no I/O libraries");
    }

    [Test]
    public void Rule2_Checker_CatchesBehaviourAndMutableClasses_ButAdmitsFactories()
    {
        var violations = Rules.ContractViolations([typeof(Samples.GoodContract), typeof(Samples.Kind), typeof(Samples.ContractWithLogic), typeof(Samples.NotARecord)]).ToList();
        Assert.That(violations, Has.Count.EqualTo(3), "a static factory that builds the record is allowed; other static methods are not");
        Assert.That(violations, Has.One.Contains("ContractWithLogic.Compute"));
        Assert.That(violations, Has.One.Contains("ContractWithLogic.Twice"));
        Assert.That(violations, Has.One.Contains("NotARecord"));
    }

    // Rule 3 ------------------------------------------------------------------------------------------------

    [TestCaseSource(nameof(Modules))]
    public void Rule3_ModuleSql_TouchesOnlyItsOwnTables(Solution.Module module)
    {
        // The one migration that renames the accounts' tables from the names they had in the host (security_*) names them,
        // and asks each engine's catalogue whether they exist.
        bool Legacy(string file, string table) =>
            Path.GetFileName(file) == "AdoptSecurityTables.cs" && (table.StartsWith("security_", StringComparison.Ordinal) || table is "sqlite_master" or "information_schema");
        var offending = SqlOf(module.ProjectDirectory)
            .SelectMany(s => Rules.TableNames(s.Sql).Select(t => (s.File, Table: t)))
            .Where(x => !x.Table.StartsWith(module.TablePrefix, StringComparison.Ordinal) && !Legacy(x.File, x.Table))
            .Select(x => $"{Path.GetFileName(x.File)}: {x.Table}")
            .ToList();
        Assert.That(offending, Is.Empty);
    }

    [Test]
    public void Rule3_Host_HoldsNoSql()
    {
        var host = Path.Combine(Solution.RepositoryRoot, "Payroll.Host");
        Assert.That(SqlOf(host).Select(s => Path.GetRelativePath(host, s.File)).Distinct(), Is.Empty);
    }

    [Test]
    public void Rule3_TablePrefixes_AreDistinctAndNamedAfterTheModule()
    {
        Assert.That(Solution.Modules.Select(m => m.TablePrefix), Is.Unique);
        foreach (var module in Solution.Modules)
        {
            Assert.That(module.TablePrefix, Is.EqualTo(module.Name.ToLowerInvariant() + "_"));
        }
    }

    [Test]
    public void Rule3_Checker_FindsTablesInSqlAndInCSharpLiterals()
    {
        const string code = """
            private const string Sql = "SELECT e.id FROM personnel_employee e JOIN salary_payslip p ON p.employee_id = e.id";
            private const string Other = $"INSERT INTO vault_access (a) VALUES (@a) RETURNING id";
            var text = "A message that mentions nothing from any table";
            """;
        var tables = Rules.SqlLiterals(code).SelectMany(Rules.TableNames).ToList();
        Assert.That(tables, Is.EquivalentTo(new[] { "personnel_employee", "salary_payslip", "vault_access" }));
        Assert.That(Rules.TableNames("-- a copy of this TABLE opens nothing\nCREATE TABLE IF NOT EXISTS breach_incident (id INT); CREATE UNIQUE INDEX x ON breach_notice (id);"),
            Is.EquivalentTo(new[] { "breach_incident", "breach_notice" }));
        Assert.That(Rules.TableNames("CREATE TRIGGER t BEFORE UPDATE OR DELETE ON salary_run FOR EACH ROW; WHERE a.at >= @from AND x"),
            Is.EquivalentTo(new[] { "salary_run" }), "trigger targets count; parameters named @from do not");
    }

    // Rule 4 ------------------------------------------------------------------------------------------------

    [TestCaseSource(nameof(Modules))]
    public void Rule4_Module_UsesNoHangfireNorAspNet_AndWorkbooksOnlyWhereAllowed(Solution.Module module) =>
        AssertInfrastructure(module.Assembly, allowWorkbooks: module.MayUseWorkbooks);

    [Test]
    public void Rule4_ContractsKernelJobs_UseNoAspNetNorWorkbooks()
    {
        AssertInfrastructure(Solution.Contracts, allowWorkbooks: false);
        AssertInfrastructure(Solution.Kernel, allowWorkbooks: false);
        var jobs = Rules.AssemblyReferences(Solution.Jobs).Concat(Rules.PackageReferences(Csproj(Solution.Jobs))).ToList();
        Assert.That(jobs.Where(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("ClosedXML", StringComparison.Ordinal)), Is.Empty);
    }

    // Rule 5 ------------------------------------------------------------------------------------------------

    [Test]
    public void Rule5_EveryRequest_HasExactlyOneInternalSealedHandler_InItsModule()
    {
        var requests = Solution.Contracts.GetTypes().Where(Rules.IsRequest);
        var handlers = Solution.Modules.SelectMany(m => m.Assembly.GetTypes().Where(t => Rules.HandledMessages(t).Any()).Select(t => (m.Name, t)));
        Assert.That(Rules.HandlerViolations(requests, handlers), Is.Empty);
    }

    [TestCaseSource(nameof(Modules))]
    public void Rule5_EachHandler_LivesInAFileOfItsOwnName(Solution.Module module)
    {
        var sources = SourcesOf(module.ProjectDirectory).ToList();
        var misplaced = module.Assembly.GetTypes().Where(t => Rules.HandledMessages(t).Any() || t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Mediator.INotificationHandler<>)))
            .Select(t => (t.Name, Files: sources.Where(s => System.Text.RegularExpressions.Regex.IsMatch(s.Text, $@"\bclass {t.Name}\b")).Select(s => Path.GetFileName(s.File)).ToList()))
            .Where(h => h.Files.Count != 1 || h.Files[0] != h.Name + ".cs")
            .Select(h => $"{h.Name}: in {string.Join(", ", h.Files)}")
            .ToList();
        Assert.That(misplaced, Is.Empty, "one handler a file, named after it");
    }

    [Test]
    public void Rule5_NoHandlerOutsideTheModules()
    {
        var elsewhere = new[] { Solution.Host, Solution.Composition, Solution.Kernel, Solution.Contracts }
            .SelectMany(a => a.GetTypes()).Where(t => Rules.HandledMessages(t).Any()).Select(t => t.FullName).ToList();
        Assert.That(elsewhere, Is.Empty);
    }

    [Test]
    public void Rule5_Checker_CatchesMissingDuplicatePublicMisnamedAndForeignHandlers()
    {
        var violations = Rules.HandlerViolations(
            [typeof(Samples.Contracts.Personnel.Unhandled), typeof(Samples.Contracts.Personnel.Twice), typeof(Samples.Contracts.Personnel.Exposed), typeof(Samples.Contracts.Personnel.Misnamed), typeof(Samples.Contracts.Personnel.Foreign), typeof(Samples.Contracts.Personnel.Fine)],
            [
                ("Personnel", typeof(Samples.TwiceHandler)), ("Personnel", typeof(Samples.TwiceAgainHandler)),
                ("Personnel", typeof(Samples.ExposedHandler)), ("Personnel", typeof(Samples.WrongName)),
                ("Salary", typeof(Samples.ForeignHandler)), ("Personnel", typeof(Samples.FineHandler)),
            ]).ToList();
        Assert.That(violations, Has.Count.EqualTo(5));
        Assert.That(violations, Has.One.StartsWith("Unhandled: 0 handlers"));
        Assert.That(violations, Has.One.StartsWith("Twice: 2 handlers"));
        Assert.That(violations, Has.One.Contains("ExposedHandler: handlers are internal sealed"));
        Assert.That(violations, Has.One.Contains("should be named MisnamedHandler"));
        Assert.That(violations, Has.One.Contains("Foreign: belongs to Personnel but is handled in Salary"));
    }

    // Rule 6 ------------------------------------------------------------------------------------------------

    [Test]
    public void Rule6_JobMethods_TakeIdsDatesEnumsAndTokensOnly()
    {
        var jobs = Solution.Jobs.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Job", StringComparison.Ordinal));
        Assert.That(Rules.JobArgumentViolations(jobs), Is.Empty);
    }

    [Test]
    public void Rule6_Checker_CatchesPersonalDataInJobArguments()
    {
        var violations = Rules.JobArgumentViolations([typeof(Samples.GoodJob), typeof(Samples.LeakyJob)]).ToList();
        Assert.That(violations, Has.Count.EqualTo(2));
        Assert.That(violations, Has.One.Contains("String nationalId"));
        Assert.That(violations, Has.One.Contains("Decimal amount"));
    }

    // Rule 7 ------------------------------------------------------------------------------------------------

    [Test]
    public void Rule7_EveryRequest_DeclaresWhoMaySendIt()
    {
        var requests = Solution.Contracts.GetTypes().Where(Rules.IsRequest).ToList();
        Assert.That(requests, Has.Count.GreaterThan(100));
        Assert.That(Rules.AuthorizationViolations(requests), Is.Empty);
    }

    [Test]
    public void Rule7_Checker_CatchesARequestWithoutARule_AndARuleThatNamesNobody()
    {
        var violations = Rules.AuthorizationViolations([typeof(Samples.RuledRequest), typeof(Samples.UnruledRequest), typeof(Samples.RolesWithoutActor), typeof(Samples.NobodyRequest)]).ToList();
        Assert.That(violations, Has.Count.EqualTo(3));
        Assert.That(violations, Has.One.Contains("UnruledRequest"));
        Assert.That(violations, Has.One.Contains("RolesWithoutActor"));
        Assert.That(violations, Has.One.Contains("NobodyRequest"));
    }

    [Test]
    public void Rule7_EveryRequestCarryingAWorkbook_OffersItToTheUploadLimits()
    {
        // A request with a workbook that did not declare it would reach ClosedXML without the zip-bomb check.
        var carrying = Solution.Contracts.GetTypes().Where(Rules.IsRequest)
            .Where(t => t.GetConstructors().SelectMany(c => c.GetParameters()).Any(p =>
                (p.ParameterType == typeof(byte[]) && p.Name!.Contains("Workbook", StringComparison.OrdinalIgnoreCase))
                || p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()).Any(q => q.ParameterType == typeof(byte[]))))
            .ToList();
        Assert.That(carrying.Select(t => t.Name), Is.SupersetOf(new[] { "ImportEmployees", "ImportReferenceTable", "ScopeIncident" }));
        Assert.That(carrying.Where(t => !typeof(Payroll.Modules.Contracts.IWorkbookUpload).IsAssignableFrom(t)).Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void Rule7_ActorsThatAreNotAPerson_AreBuiltOnlyByTheJobsTheReleaseAndTheConsolesBootstrapVerbs()
    {
        // A page or a verb that built Actor.Job("payroll-monthly") would borrow a job's rights: only these files may (restore
        // verifies the ledger of a database that has no account it could sign in as yet).
        string[] allowed = ["Payroll.Jobs", "Payroll.Modules.Contracts/Actor.cs", "Payroll.Host/Personnel/DemoCommand.cs", "Payroll.Host/Accounts/UserCommands.cs", "Payroll.Host/Cli/BackupCommands.cs"];
        var offending = Directory.EnumerateFiles(Solution.RepositoryRoot, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Solution.RepositoryRoot, f).Replace('\\', '/'))
            .Where(f => (f.StartsWith("Payroll.Host/", StringComparison.Ordinal) || f.StartsWith("Payroll.Modules/", StringComparison.Ordinal) || f.StartsWith("Payroll.Jobs/", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => !allowed.Any(a => f.StartsWith(a, StringComparison.Ordinal)))
            .Where(f => Rules.BuildsSystemActor(File.ReadAllText(Path.Combine(Solution.RepositoryRoot, f))))
            .ToList();
        Assert.That(offending, Is.Empty);
        Assert.That(Rules.BuildsSystemActor("var a = Actor.Job(\"payroll-monthly\");"), Is.True);
        Assert.That(Rules.BuildsSystemActor("var a = Actor.System(\"x\");"), Is.True);
        Assert.That(Rules.BuildsSystemActor("var a = HttpActor.From(http);"), Is.False);
    }

    private static void AssertInfrastructure(Assembly assembly, bool allowWorkbooks)
    {
        var references = Rules.AssemblyReferences(assembly).Concat(Rules.PackageReferences(Csproj(assembly))).ToList();
        Assert.That(references.Where(r => r.StartsWith("Hangfire", StringComparison.Ordinal)), Is.Empty, "Hangfire only in Payroll.Jobs and the Host");
        Assert.That(references.Where(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), Is.Empty, "ASP.NET only in the Host");
        if (!allowWorkbooks)
        {
            Assert.That(references.Where(r => r.StartsWith("ClosedXML", StringComparison.Ordinal) || r.StartsWith("DocumentFormat.OpenXml", StringComparison.Ordinal)), Is.Empty);
        }
    }

    private static readonly string[] ModuleNames = [.. Solution.Modules.Select(m => m.Name)];

    private static IEnumerable<(string File, string Text)> SourcesOf(string directory, params string[] patterns) =>
        (patterns.Length == 0 ? ["*.cs"] : patterns)
            .SelectMany(p => Directory.EnumerateFiles(directory, p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(f)));

    private static IEnumerable<(string File, string Sql)> SqlOf(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            if (file.EndsWith(".sql", StringComparison.Ordinal))
            {
                yield return (file, File.ReadAllText(file));
            }
            else if (file.EndsWith(".cs", StringComparison.Ordinal))
            {
                foreach (var literal in Rules.SqlLiterals(File.ReadAllText(file)))
                {
                    yield return (file, literal);
                }
            }
        }
    }
}
