using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Notices;

/// <summary>A notice as its recipient will read it; previewing a person's notice is recorded with them as subject.</summary>
internal sealed class PreviewNoticeHandler(NoticeContext context, ISender sender) : IRequestHandler<PreviewNotice, NoticePreview>
{
    public async ValueTask<NoticePreview> Handle(PreviewNotice request, CancellationToken cancellationToken)
    {
        var (incident, templates, people, problems) = await context.LoadAsync(request.IncidentId, cancellationToken);
        var template = templates.Single(t => t.Channel == request.Channel);
        if (request.Channel == NoticeChannel.Public)
        {
            var (subject, body) = NoticeText.Fill(template, incident, null, incident.Input.DataCategories ?? []);
            return new NoticePreview(subject, body, problems);
        }

        var person = people.FirstOrDefault(p => p.EmployeeNo == request.EmployeeNo?.Trim())
            ?? throw new InvalidInputException([new InputError(null, "employeeNo", $"{request.EmployeeNo} is not in the incident's affected set")]);
        var recipient = (await sender.Send(new GetNoticeRecipients([person.EmployeeId]), cancellationToken)).Single();
        await sender.Send(new RecordAccess(request.Actor, AccessAction.View, null, $"/breach/incidents/{request.IncidentId}/notices/preview", [person.EmployeeId], ["name", "breach-affected"], AccessOutcome.Allowed), cancellationToken);
        var (s, b) = NoticeText.Fill(template, incident, recipient.Name, person.Categories);
        return new NoticePreview(s, b, problems);
    }
}
