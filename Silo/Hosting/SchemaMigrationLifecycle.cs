using Faucet.Silo.Schema;

namespace Faucet.Silo.Hosting;

/// <summary>Runs the schema migrator as the very first step of silo start-up, before membership, storage or
/// reminders read their tables.</summary>
internal sealed class SchemaMigrationLifecycle(SchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationLifecycle), ServiceLifecycleStage.First, migrator.MigrateAsync);
}
