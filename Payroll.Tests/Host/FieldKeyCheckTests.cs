using Payroll.Modules.Kernel.Crypto;
using Payroll.Tests.Support;
using Payroll.Modules.Composition;

namespace Payroll.Tests.Host;

/// <summary>
/// Hosts sharing a database must share the field-key file (docs/deployment.md, Key files). A host started with another
/// file — here a path where none exists yet, so a new one is made — stops at start with a message naming the file,
/// before it stores anything under keys no other host has. The right file starts, and keeps starting after a rotation.
/// </summary>
public sealed class FieldKeyCheckTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task AnotherKeyFile_StopsTheHostAtStart_TheSameFileStarts()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);

        var stray = Path.Combine(Database.DataDirectory, "elsewhere", "field-keys.json");
        await using (var wrong = BuildServices(Database, Clock, [$"--Payroll:Keys:FieldKeyFile={stray}"]))
        {
            var refused = Assert.ThrowsAsync<InvalidOperationException>(() => PayrollModules.PrepareDatabaseAsync(wrong, CancellationToken.None));
            Assert.That(refused!.Message, Does.Contain(stray).And.Contain("is not the one this database's data is encrypted with").And.Contain("Payroll:Keys:FieldKeyFile"));
        }

        await using var same = BuildServices(Database, Clock);
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FieldKeyRing>(same).Rotate();
        Assert.DoesNotThrowAsync(() => PayrollModules.PrepareDatabaseAsync(same, CancellationToken.None), "the same file, after a rotation");
    }
}
