using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using MimeKit;
using Payroll.Modules.Breach.Incidents;
using Payroll.Modules.Breach.Scoping;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

internal sealed class CheckNoticesHandler(NoticeContext context) : IRequestHandler<CheckNotices, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(CheckNotices request, CancellationToken cancellationToken)
    {
        BreachAccess.RequireReader(request.Actor);
        return (await context.LoadAsync(request.IncidentId, cancellationToken)).Problems;
    }
}
