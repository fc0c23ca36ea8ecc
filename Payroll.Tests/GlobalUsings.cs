global using NUnit.Framework;
global using Payroll.Modules.Kernel.Authorization;
