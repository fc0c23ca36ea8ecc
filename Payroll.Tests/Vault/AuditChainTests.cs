using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Kernel.Network;
using Payroll.Tests.Support;
using static Payroll.Tests.Vault.VaultScenario;

namespace Payroll.Tests.Vault;

/// <summary>
/// The ledger and change log are hash-chained: a changed, deleted or reordered row is found and named by
/// <c>payroll audit verify</c>; a chain rewritten end to end disagrees with the checkpoint file.
/// Each test has its own database: tampering is what they do.
/// </summary>
public sealed class AuditChainTests(string provider) : DatabaseFixture(provider)
{
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task FreshDatabaseAsync()
    {
        _db = await TestDatabase.CreateAsync(ProviderName);
        _services = BuildServices(_db, Clock);
        await _services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        for (var i = 1; i <= 5; i++)
        {
            await Send(new RecordAccess(User(i, "user" + i, "10.0.0." + i, "HrClerk"), AccessAction.View, null, "/personnel/" + i, [i], ["name"], AccessOutcome.Allowed));
        }

        await Send(new RecordChange(Job, "Personnel", "employee", "1", "bank_account", "h-before", "h-after"));
        await Send(new RecordChange(Job, "Personnel", "employee", "2", "address", null, "h-after"));
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task UntouchedChains_AreIntact()
    {
        var status = await Send(new VerifyAuditChain(TestActors.Staff));
        Assert.That(status.Select(s => (s.Chain, s.Rows, s.Intact)), Is.EqualTo(new[] { ("access", 5L, true), ("change", 2L, true) }));
    }

    [Test]
    public async Task ChangedRow_IsNamed()
    {
        await TamperAsync("UPDATE vault_access SET client_ip = '10.0.0.99' WHERE seq = 3");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(3));
        Assert.That(access.Problem, Does.Contain("row 3 was changed"));
    }

    [Test]
    public async Task ChangedRowWithRecomputedHash_BreaksTheNextLink()
    {
        // A careful forger recomputes row 2's hash; row 3 still points at the old one.
        await TamperAsync("UPDATE vault_access SET row_hash = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', client_ip = '10.0.0.98' WHERE seq = 2");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(2));
    }

    [Test]
    public async Task DeletedRow_IsNamed()
    {
        await TamperAsync("DELETE FROM vault_access WHERE seq = 4");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(4));
        Assert.That(access.Problem, Does.Contain("row 4 is missing"));
    }

    [Test]
    public async Task DeletedLastRow_IsFoundByTheHead()
    {
        await TamperAsync("DELETE FROM vault_access WHERE seq = 5");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(5));
    }

    [Test]
    public async Task ReorderedRows_AreFound()
    {
        await TamperAsync("UPDATE vault_access SET seq = 100 WHERE seq = 2; UPDATE vault_access SET seq = 2 WHERE seq = 3; UPDATE vault_access SET seq = 3 WHERE seq = 100");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(2));
    }

    [Test]
    public async Task ChangeLog_IsChainedToo()
    {
        await TamperAsync("UPDATE vault_change SET after_hash = 'forged' WHERE seq = 1");
        var change = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "change");
        Assert.That(change.FirstBrokenSeq, Is.EqualTo(1));
    }

    [Test]
    public async Task RewrittenChain_DisagreesWithTheCheckpoint()
    {
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        // Rewrite row 5 and recompute every hash from there, as someone with the database (but not the file) could.
        await CutLastAccessRowAsync();
        await Send(new RecordAccess(User(5, "someone-else", "10.0.0.5", "HrClerk"), AccessAction.View, null, "/personnel/5", [5], ["name"], AccessOutcome.Allowed));

        // The rewritten chain is consistent in itself (every hash recomputed): only the checkpoint gives it away.
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(5));
        Assert.That(access.Problem, Does.Contain("differs from the checkpoint"));
    }

    [Test]
    public async Task Checkpoints_GoBesideTheDataDirectory_NotIntoIt()
    {
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        Assert.That(File.Exists(CheckpointFile), Is.True);
        Assert.That(Directory.GetFiles(_db.DataDirectory, "*checkpoint*", SearchOption.AllDirectories), Is.Empty, "a copy of the data directory does not carry its own proof");
    }

    [Test]
    public async Task MissingCheckpointFile_IsABrokenChain_Named()
    {
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        File.Delete(CheckpointFile);
        var statuses = await Send(new VerifyAuditChain(TestActors.Staff));
        var access = statuses.Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False, "not \"no checkpoints\": the database says one was written");
        Assert.That(access.Problem, Does.Contain(CheckpointFile).And.Contain("is missing").And.Contain("1 checkpoints"));
    }

    [Test]
    public async Task CheckpointFile_CutShort_IsABrokenChain_Named()
    {
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        await Send(new RecordAccess(User(6, "user6", "10.0.0.6", "HrClerk"), AccessAction.View, null, "/personnel/6", [6], ["name"], AccessOutcome.Allowed));
        Clock.Advance(TimeSpan.FromDays(1));
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        var lines = await File.ReadAllLinesAsync(CheckpointFile);
        await File.WriteAllLinesAsync(CheckpointFile, lines.Where(l => !l.StartsWith("access 6 ", StringComparison.Ordinal)));
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(6));
        Assert.That(access.Problem, Does.Contain("has lost the checkpoint of row 6"));
    }

    [Test]
    public async Task RowsCutAfterTheLastCheckpoint_AreFound()
    {
        await Send(new WriteAuditCheckpoint(TestActors.Staff));
        // Someone with the database removes the last row and sets the head back: the chain is consistent, the checkpoint is not.
        await CutLastAccessRowAsync();
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(5));
    }

    [Test]
    public async Task ChangedBinaryClientAddress_IsNamed()
    {
        // The exposure query filters on the binary address: moving a read out of an outside range is a change.
        await TamperAsync("UPDATE vault_access SET client_ip_bin = @bin WHERE seq = 3", new { bin = IpRange.ToBytes("10.255.0.1") });
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(3));
        Assert.That(access.Problem, Does.Contain("row 3 was changed"));
    }

    [Test]
    public async Task DeletedSubjectOfARead_IsNamed()
    {
        await TamperAsync("DELETE FROM vault_access_subject WHERE access_seq = 2");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(2));
        Assert.That(access.Problem, Does.Contain("row 2: person 2 was removed from its subjects"));
    }

    [Test]
    public async Task AddedSubjectOfARead_IsNamed()
    {
        await TamperAsync("INSERT INTO vault_access_subject (access_seq, subject_id) VALUES (2, 99)");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(2));
        Assert.That(access.Problem, Does.Contain("row 2: person 99 was added to its subjects"));
    }

    [Test]
    public async Task SubjectRowForARowThatDoesNotExist_IsNamed()
    {
        await TamperAsync("INSERT INTO vault_access_subject (access_seq, subject_id) VALUES (50, 7)");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.Problem, Does.Contain("names row 50, which is not in the ledger"));
    }

    [Test]
    public async Task DocumentSubjects_AreAppendOnly()
    {
        var document = await ReadDocumentAsync([1, 2, 3]);
        var db = _services.GetRequiredService<IDbConnectionFactory>();
        await using var c = await db.OpenAsync();
        Assert.That(async () => await c.ExecuteAsync("DELETE FROM vault_document_subject WHERE document_id = @document", new { document }), Throws.Exception.With.Message.Contains("append-only"));
        Assert.That(async () => await c.ExecuteAsync("UPDATE vault_document_subject SET subject_id = 9 WHERE document_id = @document", new { document }), Throws.Exception.With.Message.Contains("append-only"));
    }

    [Test]
    public async Task DeletedSubjectOfADocument_IsNamed()
    {
        var document = await ReadDocumentAsync([1, 2, 3]);
        await TamperAsync("DELETE FROM vault_document_subject WHERE document_id = @document AND subject_id = 2", new { document });
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.Problem, Does.Contain($"document {document}: its subject rows, kind or categories differ from its digest"));
    }

    [Test]
    public async Task AddedSubjectOfADocument_IsNamed()
    {
        var document = await ReadDocumentAsync([1, 2, 3]);
        await TamperAsync("INSERT INTO vault_document_subject (document_id, subject_id) VALUES (@document, 77)", new { document });
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Problem, Does.Contain($"document {document}: its subject rows"));
    }

    [Test]
    public async Task DocumentSubjectsRewrittenWithTheirDigest_DisagreeWithTheReadsInTheChain()
    {
        // A careful forger deletes person 2 and recomputes the document's digest; the read in the chain recorded the old one.
        var document = await ReadDocumentAsync([1, 2, 3]);
        var forged = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"document\n{document}\npayroll-register\nbank-account,salary\n1,3,")));
        await TamperAsync("DELETE FROM vault_document_subject WHERE document_id = @document AND subject_id = 2", new { document });
        await TamperAsync("UPDATE vault_document SET subjects_digest = @forged WHERE id = @document", new { document, forged });
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Intact, Is.False);
        Assert.That(access.FirstBrokenSeq, Is.EqualTo(6), "the read of the document, after the five set up");
        Assert.That(access.Problem, Does.Contain($"row 6: document {document} no longer has the subjects"));
    }

    [Test]
    public async Task ReadOfADocument_RecordsItsDigest_InTheHash()
    {
        var document = await ReadDocumentAsync([1, 2, 3]);
        await TamperAsync("UPDATE vault_access SET document_digest = NULL WHERE seq = 6");
        var access = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(access.Problem, Does.Contain("row 6 was changed"), document);
    }

    /// <summary>Stores a register naming <paramref name="subjects"/> and records one download of it (row 6).</summary>
    private async Task<string> ReadDocumentAsync(long[] subjects)
    {
        var stored = await Send(new StoreDocument("payroll-register", "Salary", "text/csv", "r.csv", "x"u8.ToArray(), subjects, ["salary", "bank-account"], Job));
        await Send(new RecordAccess(User(1, "user1", "203.0.113.5", "PayrollOperator"), AccessAction.Download, stored.DocumentId, "register", [], ["salary"], AccessOutcome.Allowed));
        var intact = (await Send(new VerifyAuditChain(TestActors.Staff))).Single(s => s.Chain == "access");
        Assert.That(intact.Intact, Is.True, intact.Problem);
        return stored.DocumentId;
    }

    /// <summary>Removes access row 5, the last, and sets the head back to row 4, as someone with the database could.</summary>
    private async Task CutLastAccessRowAsync()
    {
        var seq5 = await ReadRowAsync(5);
        await TamperAsync("DELETE FROM vault_access WHERE seq = 5; DELETE FROM vault_access_subject WHERE access_seq = 5");
        await TamperAsync("UPDATE vault_chain_head SET seq = 4, head_hash = @hash WHERE chain = 'access'", new { hash = seq5.PrevHash });
    }

    private string CheckpointFile => Path.Combine(_db.KeyDirectory, "audit-checkpoints.log");

    private async Task<(string PrevHash, string RowHash)> ReadRowAsync(long seq)
    {
        await using var c = await _services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var prev = await c.ExecuteScalarAsync<string>("SELECT prev_hash FROM vault_access WHERE seq = @seq", new { seq });
        var row = await c.ExecuteScalarAsync<string>("SELECT row_hash FROM vault_access WHERE seq = @seq", new { seq });
        return (prev!, row!);
    }

    /// <summary>What an attacker with write access to the database would do: switch the guard off, then edit.</summary>
    private async Task TamperAsync(string sql, object? args = null)
    {
        var db = _services.GetRequiredService<IDbConnectionFactory>();
        await using var c = await db.OpenAsync();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await c.ExecuteAsync("""
                ALTER TABLE vault_access DISABLE TRIGGER USER; ALTER TABLE vault_access_subject DISABLE TRIGGER USER;
                ALTER TABLE vault_change DISABLE TRIGGER USER; ALTER TABLE vault_document_subject DISABLE TRIGGER USER;
                """);
            await c.ExecuteAsync(sql, args);
            await c.ExecuteAsync("""
                ALTER TABLE vault_access ENABLE TRIGGER USER; ALTER TABLE vault_access_subject ENABLE TRIGGER USER;
                ALTER TABLE vault_change ENABLE TRIGGER USER; ALTER TABLE vault_document_subject ENABLE TRIGGER USER;
                """);
        }
        else
        {
            await c.ExecuteAsync("DROP TRIGGER IF EXISTS vault_access_no_update; DROP TRIGGER IF EXISTS vault_access_no_delete; DROP TRIGGER IF EXISTS vault_access_subject_no_delete; DROP TRIGGER IF EXISTS vault_change_no_update; DROP TRIGGER IF EXISTS vault_document_subject_no_delete;");
            await c.ExecuteAsync(sql, args);
        }
    }

    /// <summary>Ledger rows are written by handlers: sent here as a handler would, within an allowed message.</summary>
    private Task<T> Send<T>(Mediator.IRequest<T> request) => _services.SendWithinAsync(request);
}
