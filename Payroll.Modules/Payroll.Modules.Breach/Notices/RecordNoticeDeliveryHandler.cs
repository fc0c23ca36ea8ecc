using System.Globalization;
using Dapper;
using Mediator;
using Payroll.Modules.Contracts.Breach;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Time;
using Payroll.Modules.Kernel.Validation;
using Payroll.Modules.Kernel.Errors;

namespace Payroll.Modules.Breach.Notices;

internal sealed class RecordNoticeDeliveryHandler(IDbConnectionFactory db, IClock clock, FieldCipher cipher) : IRequestHandler<RecordNoticeDelivery>
{
    private const string DeliverySql = """
        UPDATE breach_notice SET delivery = @Delivery, delivery_at = @at,
            limitation_from = CASE WHEN channel = 'Letter' THEN @day ELSE limitation_from END
        WHERE id = @NoticeId AND state = 'Sent'
        """;

    public async ValueTask<Unit> Handle(RecordNoticeDelivery request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Delivery) || request.Delivery.Length > 500)
        {
            throw new InvalidInputException([new InputError(null, "delivery", "say what happened (delivered, signed receipt, bounced ...), at most 500 characters")]);
        }

        if (request.At > clock.UtcNow.AddMinutes(5))
        {
            throw new InvalidInputException([new InputError(null, "at", "in the future")]);
        }

        await using var c = await db.OpenAsync(cancellationToken);
        var changed = await c.ExecuteAsync(new CommandDefinition(DeliverySql, new
        {
            request.NoticeId, Delivery = NoticeTexts.Seal(cipher, request.Delivery.Trim(), NoticeTexts.Delivery, request.NoticeId), at = request.At.ToUnixTimeMilliseconds(),
            day = RocDate.InTaipei(request.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken));
        return changed == 1 ? Unit.Value : throw new ConflictException($"Notice {request.NoticeId} is not a sent notice.");
    }
}
