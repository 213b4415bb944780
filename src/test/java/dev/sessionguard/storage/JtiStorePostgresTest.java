package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The jti store contract on a real PostgreSQL; .ci/run starts one and sets the variable. */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
@Tag("postgres")
class JtiStorePostgresTest extends JtiStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshPostgresSchema();
    }
}
