package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Threat response's store on a real PostgreSQL, where several instances share it; .ci/run sets the variable. */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+",
        disabledReason = TestDatabases.PG_SKIPPED)
@Tag("postgres")
class PostgresAnomalyStoreTest extends JdbcAnomalyStoreTest {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshPostgresSchema();
    }
}
