package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The shown-items contract on a real PostgreSQL; .ci/run starts one and sets the variable. */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+",
        disabledReason = TestDatabases.PG_SKIPPED)
@Tag("postgres")
class PostgresShownItemsTest extends ShownItemsContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshPostgresSchema();
    }
}
