using System.Collections.Concurrent;
using System.Reflection;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Authorization;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Composition.Messaging;

/// <summary>
/// The one authorization path (architecture rule 7): before any handler runs, the message's <see cref="SentByAttribute"/>
/// (or <see cref="SignInStepAttribute"/>) is checked against its actor, for every channel alike. A message that declares
/// neither is refused, and so is an actor the rule does not name: a missing user id is never "the system". A refusal
/// of a person, a job or the console is itself a row of the access ledger (anonymous requests are not: they are counted
/// per address at the edge, so that nobody can make the ledger grow without signing in).
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ISender sender) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var rule = MessageRules.Of(typeof(TMessage));
        if (rule.SignInStep)
        {
            return await next(message, cancellationToken);
        }

        var inFlight = MessageRules.InFlight.Value;
        var actor = rule.ActorOf(message);
        if (actor is null)
        {
            if (rule.SentBy?.Within == true && inFlight is not null)
            {
                return await next(message, cancellationToken);
            }

            throw new RefusedException($"{typeof(TMessage).Name} is sent only by a module while it handles a message it was allowed.");
        }

        if (!rule.Allows(actor) && !(rule.SentBy?.Within == true && inFlight is not null))
        {
            var refusal = rule.RefusalFor(actor, typeof(TMessage).Name);
            if (actor.Name != Actor.AnonymousName)
            {
                await MessageRules.WithinAsync(actor, async () => await sender.Send(
                    new RecordAccess(actor, AccessAction.View, null, "message/" + typeof(TMessage).Name, [], [], AccessOutcome.Refused, refusal), cancellationToken));
            }

            throw new RefusedException(refusal);
        }

        // What the handler sends on from here is sent within this message: the ambient actor makes that visible to the
        // messages that allow it (Within), and to nothing else. The value flows to the handler's awaits and is restored
        // when this method returns.
        MessageRules.InFlight.Value = actor;
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            MessageRules.InFlight.Value = inFlight;
        }
    }
}

/// <summary>Each message type's rule and actor, read once.</summary>
public static class MessageRules
{
    internal static readonly AsyncLocal<Actor?> InFlight = new();

    /// <summary>
    /// For the tests of a module's lookups between modules (<see cref="SentByAttribute.Within"/>): runs
    /// <paramref name="send"/> as a handler would, inside a message sent by <paramref name="actor"/>. Internal: only the
    /// composition and the tests see it.
    /// </summary>
    internal static async Task<T> WithinAsync<T>(Actor actor, Func<Task<T>> send)
    {
        var before = InFlight.Value;
        InFlight.Value = actor;
        try
        {
            return await send();
        }
        finally
        {
            InFlight.Value = before;
        }
    }

    private static readonly ConcurrentDictionary<Type, MessageRule> Rules = new();

    public static MessageRule Of(Type message) => Rules.GetOrAdd(message, static t => new MessageRule(
        t.GetCustomAttribute<SentByAttribute>(inherit: false),
        t.GetCustomAttribute<SignInStepAttribute>(inherit: false) is not null,
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).SingleOrDefault(p => p.PropertyType == typeof(Actor))));
}

/// <summary>A message type's rule: who may send it, and where its actor is.</summary>
public sealed record MessageRule(SentByAttribute? SentBy, bool SignInStep, PropertyInfo? ActorProperty)
{
    public Actor? ActorOf(object message) => ActorProperty?.GetValue(message) as Actor;

    public bool Allows(Actor actor)
    {
        if (SentBy is null)
        {
            return false;
        }

        if (actor.UserId is not null)
        {
            return actor.Roles.Any(r => SentBy.Roles.Contains(r, StringComparer.Ordinal))
                || (SentBy.Owner && (actor.EmployeeId is not null || actor.Roles.Contains(Roles.Employee, StringComparer.Ordinal)));
        }

        if (actor.Name == Actor.AnonymousName)
        {
            return SentBy.Anonymous;
        }

        return SentBy.Systems.Contains(actor.Name, StringComparer.Ordinal);
    }

    public string RefusalFor(Actor actor, string message)
    {
        if (SentBy is null)
        {
            return $"{message} declares no rule for who may send it, so nobody may.";
        }

        return SentBy.Roles.Count == 0
            ? $"{actor.Name} may not send {message}."
            : $"{actor.Name} does not hold {string.Join(" or ", SentBy.Roles)}, which {message} needs.";
    }
}
