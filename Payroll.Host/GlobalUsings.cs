// The role names and session stages are the Kernel's, shared with the modules.
global using Payroll.Modules.Kernel.Authorization;
