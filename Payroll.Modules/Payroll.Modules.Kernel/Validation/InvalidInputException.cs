using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Kernel.Validation;

/// <summary>One problem with input: which row (for files) and field, and what is wrong, in words a clerk can act on.</summary>
public sealed record InputError(int? Row, string Field, string Message)
{
    public override string ToString() => Row is { } r ? $"第 {r} 列「{Field}」：{Message}" : $"「{Field}」：{Message}";
}

/// <summary>Input refused as a whole: nothing was applied. Carries every problem found, not just the first.</summary>
public sealed class InvalidInputException(IReadOnlyList<InputError> errors)
    : BusinessException(string.Join("; ", errors.Take(5)) + (errors.Count > 5 ? $" (+{errors.Count - 5})" : ""))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;
}
