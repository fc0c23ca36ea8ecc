using System.Resources;

// The neutral resources are Traditional Chinese (the working language); English is the second culture.
[assembly: NeutralResourcesLanguage("zh-TW")]

// The tests give the command line their clock (PayrollCli.OverrideServices).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Payroll.Tests")]
