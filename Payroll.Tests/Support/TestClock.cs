using Payroll.Modules.Kernel.Time;

namespace Payroll.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : IClock
{
    private DateTimeOffset _now = start;

    public DateTimeOffset UtcNow => _now;

    public void Advance(TimeSpan by) => _now += by;
}
