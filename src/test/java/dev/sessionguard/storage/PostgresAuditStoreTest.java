package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The audit store contract on a real PostgreSQL; .ci/run starts one and sets the variable. */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+",
        disabledReason = TestDatabases.PG_SKIPPED)
@Tag("postgres")
class PostgresAuditStoreTest extends AuditStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshPostgresSchema();
    }
}
