using System.Data.Common;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;
using static Payroll.Tests.Vault.VaultScenario;

namespace Payroll.Tests.Vault;

/// <summary>SECURITY.md rule 5: generated documents only in the encrypted store, with random ids and a retention period.</summary>
public sealed class DocumentStoreTests(string provider) : DatabaseFixture(provider)
{
    private const string Canary = "CANARY-Z299999996-測試員工-00099887766";

    [OneTimeSetUp]
    public Task MigrateAsync() => Migrator.MigrateAsync();

    [Test]
    public async Task StoredDocument_HasRandomId_Hash_Size_Subjects_AndDecryptsForItsOwner()
    {
        var bytes = Encoding.UTF8.GetBytes("register " + Canary);
        var stored = await Services.SendWithinAsync(new StoreDocument("payroll-register", "Salary", "text/csv", "r.csv", bytes, [3, 1, 2, 2], ["salary"], Job));
        Assert.That(stored.DocumentId, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(stored.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));

        var info = await Services.SendWithinAsync(new GetDocumentInfo(stored.DocumentId));
        Assert.That(info!.SubjectCount, Is.EqualTo(3), "duplicates count once");
        Assert.That(info.Size, Is.EqualTo(bytes.Length));
        Assert.That(info.CreatedBy, Is.EqualTo("job:test"));
        Assert.That(info.ExpiresAt - info.CreatedAt, Is.EqualTo(TimeSpan.FromDays(3653)), "retention of the kind");

        var op = User(1, "op", "10.0.0.1", "PayrollOperator");
        var grant = await SendAsync(new RequestDownload(stored.DocumentId, op));
        var content = await SendAsync(new RedeemDownload(grant!.GrantId, op));
        Assert.That(content!.Content, Is.EqualTo(bytes));
    }

    [Test]
    public void UnknownKind_IsRefused_WithTheKnownOnesNamed()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Services.SendWithinAsync(new StoreDocument("holiday-photos", "Salary", "image/png", "x.png", [1], [], [], Job)));
        Assert.That(error!.Message, Does.Contain("holiday-photos").And.Contain("payroll-register"));
    }

    [Test]
    public async Task DatabaseHoldsNoPlaintext_OfAStoredDocument()
    {
        await Services.SendWithinAsync(new StoreDocument("payslip", "Salary", "application/pdf", "slip.pdf", Encoding.UTF8.GetBytes(Canary), [9], ["salary"], Job));
        await using var c = await Db.OpenAsync();
        var contents = (await c.QueryAsync<byte[]>("SELECT content FROM vault_document_content")).ToList();
        Assert.That(contents, Is.Not.Empty);
        Assert.That(contents.Any(b => Contains(b, Canary)), Is.False);

        if (Db.Provider == DatabaseProvider.Sqlite)
        {
            // The file itself (and its write-ahead log), as a thief would copy it.
            foreach (var file in Directory.GetFiles(Database.DataDirectory, "payroll.db*"))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                Assert.That(Contains(memory.ToArray(), Canary), Is.False, Path.GetFileName(file));
                Assert.That(Contains(memory.ToArray(), "Z299999996"), Is.False, Path.GetFileName(file));
            }
        }
    }

    [Test]
    public async Task ExpiredDocument_IsPurgedOnce_AndThePurgeIsRecorded()
    {
        var stored = await Services.SendWithinAsync(new StoreDocument("bank-file", "BankTransfer", "text/plain", "b.txt", "x"u8.ToArray(), [5], [], Job, TimeSpan.FromDays(1)));
        var op = User(2, "op2", "10.0.0.2", "PayrollOperator");
        var early = await SendAsync(new RequestDownload(stored.DocumentId, op));
        Clock.Advance(TimeSpan.FromDays(2));

        Assert.That(await SendAsync(new PurgeExpiredDocuments(TestActors.DocumentRetention)), Is.GreaterThanOrEqualTo(1));
        Assert.That(await SendAsync(new PurgeExpiredDocuments(TestActors.DocumentRetention)), Is.Zero, "a repeat does nothing");
        Assert.That((await Services.SendWithinAsync(new GetDocumentInfo(stored.DocumentId)))!.PurgedAt, Is.Not.Null);
        Assert.That(await SendAsync(new RequestDownload(stored.DocumentId, op)), Is.Null);
        Assert.That(await SendAsync(new RedeemDownload(early!.GrantId, op)), Is.Null, "grants die with the content");

        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_document_content WHERE document_id = @id", new { id = stored.DocumentId }), Is.Zero);
        var purge = await SendAsync(new GetAccesses(new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddSeconds(1), [], false, [], [], stored.DocumentId, null, null), 1, 10, TestActors.Auditor));
        Assert.That(purge.Entries.Select(e => e.Action), Does.Contain(AccessAction.Purge));
    }

    [Test]
    public async Task KeyRotation_ReencryptsEveryDocument_AndResumesAfterACrash()
    {
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add((await Services.SendWithinAsync(new StoreDocument("payslip", "Salary", "text/plain", "p.txt", Encoding.UTF8.GetBytes("slip " + i), [i], [], Job))).DocumentId);
        }

        var keys = Services.GetRequiredService<FieldKeyRing>();
        var active = keys.Rotate();

        // Crash injection: the ninth connection the re-encryption opens fails, as if the process died there. The other
        // modules' handlers each open one per table and find nothing to do (versions, pending changes, notices' texts,
        // payslips, standing deductions, bank credits and held amounts); the documents' handler then commits a batch of
        // two and dies on its second.
        var failing = new FailingConnections(Db, failOnOpen: 9);
        await using (var crashing = BuildServices(Database, Clock, ExtraArgs, s => s.Replace(ServiceDescriptor.Singleton<IDbConnectionFactory>(failing))))
        {
            var publisher = crashing.GetRequiredService<IPublisher>();
            // Every module re-encrypts its own columns; the crash surfaces from whichever module hit it.
            Assert.That(async () => await publisher.Publish(new ReencryptFieldsRequested(BatchSize: 2)), Throws.Exception.With.Message.Contains("simulated crash"));
        }

        var done = await CountUnderKeyAsync(active);
        Assert.That(done, Is.GreaterThan(0).And.LessThan(await CountAllAsync()), "stopped halfway");

        await Services.GetRequiredService<IPublisher>().Publish(new ReencryptFieldsRequested(BatchSize: 2));
        Assert.That(await CountUnderKeyAsync(active), Is.EqualTo(await CountAllAsync()), "the repeat finished the rest");

        var op = User(3, "op3", "10.0.0.3", "PayrollOperator");
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var grant = await SendAsync(new RequestDownload(id, op));
            Assert.That(Encoding.UTF8.GetString((await SendAsync(new RedeemDownload(grant!.GrantId, op)))!.Content), Is.EqualTo("slip " + i));
        }
    }

    private async Task<long> CountUnderKeyAsync(int keyId)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_document_content WHERE substr(content, 2, 4) = @key", new { key = FieldCipher.KeyIdBytes(keyId) });
    }

    private async Task<long> CountAllAsync()
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_document_content");
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private sealed class FailingConnections(IDbConnectionFactory inner, int failOnOpen) : IDbConnectionFactory
    {
        public void ClearPool() => inner.ClearPool();

        private int _opened;

        public DatabaseProvider Provider => inner.Provider;

        public string ConnectionString => inner.ConnectionString;

        public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _opened) >= failOnOpen
                ? throw new InvalidOperationException("simulated crash")
                : inner.OpenAsync(cancellationToken);
    }
}
