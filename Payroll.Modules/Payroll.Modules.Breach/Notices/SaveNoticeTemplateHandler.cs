using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Notices;

internal sealed class SaveNoticeTemplateHandler(NoticeStore store, IClock clock) : IRequestHandler<SaveNoticeTemplate, NoticeTemplate>
{
    public async ValueTask<NoticeTemplate> Handle(SaveNoticeTemplate request, CancellationToken cancellationToken)
    {
        var t = request.Template;
        var errors = new List<InputError>();
        if (string.IsNullOrWhiteSpace(t.Subject) || t.Subject.Length > 200)
        {
            errors.Add(new InputError(null, "subject", "required, at most 200 characters"));
        }

        if (string.IsNullOrWhiteSpace(t.Body) || t.Body.Length > 20_000)
        {
            errors.Add(new InputError(null, "body", "required, at most 20,000 characters"));
        }

        errors.AddRange(NoticeText.Required(t.Channel).Where(r => !t.Body.Contains(r, StringComparison.Ordinal)).Select(r => new InputError(null, "body", $"must contain {r}")));
        if (t.Channel == NoticeChannel.Public && (t.Body + t.Subject).Contains("{name}", StringComparison.Ordinal))
        {
            errors.Add(new InputError(null, "body", "a public notice carries no personal data: no {name}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await store.SaveTemplateAsync(request.IncidentId, t, request.Actor.Name, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
        return t;
    }
}
