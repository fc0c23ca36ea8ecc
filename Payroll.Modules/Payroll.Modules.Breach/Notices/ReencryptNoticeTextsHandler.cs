using System.Globalization;
using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Modules.Breach.Notices;

/// <summary>After a key rotation: the notices' sealed texts under the active key, in batches (resumable).</summary>
internal sealed class ReencryptNoticeTextsHandler(IDbConnectionFactory db, FieldCipher cipher) : INotificationHandler<ReencryptFieldsRequested>
{
    private const string BatchSql = """
        SELECT id AS Id, failure AS Failure, delivery AS Delivery FROM breach_notice
        WHERE (failure LIKE 'sealed1:%' AND failure NOT LIKE @activeText) OR (delivery LIKE 'sealed1:%' AND delivery NOT LIKE @activeText)
        ORDER BY id LIMIT @limit
        """;

    private const string UpdateSql = "UPDATE breach_notice SET failure = @Failure, delivery = @Delivery WHERE id = @Id";

    public async ValueTask Handle(ReencryptFieldsRequested notification, CancellationToken cancellationToken) =>
        await Reencryption.RunAsync<Row>(db, cipher, notification.BatchSize, BatchSql, UpdateSql, r => new
        {
            r.Id,
            Failure = cipher.Reseal(r.Failure, NoticeTexts.Table, NoticeTexts.Failure, r.Id.ToString(CultureInfo.InvariantCulture)),
            Delivery = cipher.Reseal(r.Delivery, NoticeTexts.Table, NoticeTexts.Delivery, r.Id.ToString(CultureInfo.InvariantCulture)),
        }, cancellationToken);

    private sealed record Row(long Id, string? Failure, string? Delivery);
}
