using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Documents;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Composition.Messaging;

/// <summary>
/// After authorization (nobody unpacks an archive for a caller who may not send it), every uploaded workbook of an
/// <see cref="IWorkbookUpload"/> message is checked against <see cref="UploadOptions"/> before its handler opens it:
/// pages, API and command line alike. A workbook over a limit is refused as a whole, naming its field.
/// </summary>
public sealed class WorkbookLimitBehavior<TMessage, TResponse>(IOptions<UploadOptions> limits) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IWorkbookUpload upload)
        {
            var errors = upload.Workbooks
                .Where(w => w.Workbook is not null)
                .Select(w => (w.Field, Problem: WorkbookArchive.Problem(w.Workbook!, limits.Value)))
                .Where(w => w.Problem is not null)
                .Select(w => new InputError(null, w.Field, w.Problem!))
                .ToList();
            if (errors.Count > 0)
            {
                throw new InvalidInputException(errors);
            }
        }

        return next(message, cancellationToken);
    }
}
