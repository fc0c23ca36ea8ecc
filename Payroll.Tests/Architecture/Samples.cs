using Payroll.Modules.Contracts.Authorization;
using Mediator;

#pragma warning disable CA1812, CA1822, CA1034 // Samples for the rule checkers: instantiated by nobody.

namespace Payroll.Tests.Architecture.Samples
{
    [SentBy(Payroll.Modules.Contracts.Authorization.Roles.Auditor)]
    public sealed record RuledRequest(long Id, Payroll.Modules.Contracts.Actor Actor) : Mediator.IRequest<long>;

    public sealed record UnruledRequest(long Id, Payroll.Modules.Contracts.Actor Actor) : Mediator.IRequest<long>;

    [SentBy(Payroll.Modules.Contracts.Authorization.Roles.Auditor)]
    public sealed record RolesWithoutActor(long Id) : Mediator.IRequest<long>;

    [SentBy]
    public sealed record NobodyRequest(long Id, Payroll.Modules.Contracts.Actor Actor) : Mediator.IRequest<long>;

    public sealed record GoodContract(long Id, string Name)
    {
        public static GoodContract Named(string name) => new(0, name);
    }

    public enum Kind
    {
        A,
        B,
    }

    public sealed record ContractWithLogic(long Amount)
    {
        public long Compute() => Amount * 2;

        public static long Twice(long amount) => amount * 2;
    }

    public sealed class NotARecord
    {
        public long Id { get; set; }
    }

    internal sealed class TwiceHandler : IRequestHandler<Contracts.Personnel.Twice, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Twice request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal sealed class TwiceAgainHandler : IRequestHandler<Contracts.Personnel.Twice, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Twice request, CancellationToken cancellationToken) => ValueTask.FromResult(2);
    }

    public sealed class ExposedHandler : IRequestHandler<Contracts.Personnel.Exposed, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Exposed request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal sealed class WrongName : IRequestHandler<Contracts.Personnel.Misnamed, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Misnamed request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal sealed class ForeignHandler : IRequestHandler<Contracts.Personnel.Foreign, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Foreign request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal sealed class FineHandler : IRequestHandler<Contracts.Personnel.Fine, int>
    {
        public ValueTask<int> Handle(Contracts.Personnel.Fine request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    public sealed class GoodJob
    {
        public Task Run(long runId, int chunk, DateOnly period, Kind kind, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class LeakyJob
    {
        public Task Run(long runId, string nationalId, decimal amount) => Task.CompletedTask;
    }
}

// Shaped like Payroll.Modules.Contracts.<Module>: the module is the namespace segment after "Contracts".
namespace Payroll.Tests.Architecture.Samples.Contracts.Personnel
{
    public sealed record Unhandled : IRequest<int>;

    public sealed record Twice : IRequest<int>;

    public sealed record Exposed : IRequest<int>;

    public sealed record Misnamed : IRequest<int>;

    public sealed record Foreign : IRequest<int>;

    public sealed record Fine : IRequest<int>;
}
