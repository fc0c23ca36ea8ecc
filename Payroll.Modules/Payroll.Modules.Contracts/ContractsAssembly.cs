namespace Payroll.Modules.Contracts;

/// <summary>Marks this assembly: requests, notifications and DTOs of every module, one folder per module. Data only.</summary>
public sealed record ContractsAssembly;
