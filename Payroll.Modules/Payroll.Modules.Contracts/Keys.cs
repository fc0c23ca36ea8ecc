using Mediator;

namespace Payroll.Modules.Contracts;

/// <summary>
/// Published after a field key rotation: every module that keeps encrypted columns re-encrypts its rows under the
/// active key, in batches, committing each; rows already under it are skipped, so a repeat resumes where a crash left.
/// </summary>
public sealed record ReencryptFieldsRequested(int BatchSize) : INotification;
