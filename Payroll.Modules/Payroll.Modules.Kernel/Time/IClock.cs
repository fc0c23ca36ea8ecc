namespace Payroll.Modules.Kernel.Time;

/// <summary>The one source of "now"; tests and time-boxed rules inject their own.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

public sealed class SystemClock : IClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
