package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The database as the start-up line names it, and the SQLite file the audit commands look for. */
class DatabaseDescriptionTest {

    @Test
    void theDefaultSqliteFileIsNamedByItsName() {
        assertThat(Database.describe(new Secret("jdbc:sqlite:session-guard.db"))).isEqualTo("sqlite file session-guard.db");
        assertThat(Database.describe(new Secret("jdbc:sqlite:/data/session-guard.db")))
                .isEqualTo("sqlite file /data/session-guard.db");
    }

    @Test
    void postgresqlIsNamedByHostAndDatabaseWithoutCredentialsOrParameters() {
        assertThat(Database.describe(new Secret(
                "jdbc:postgresql://db.internal:5432/sessionguard?user=sg&password=s3cret&sslmode=require")))
                .isEqualTo("postgresql db.internal:5432/sessionguard");
        assertThat(Database.describe(new Secret("jdbc:postgresql://sg:s3cret@db.internal/sessionguard")))
                .isEqualTo("postgresql db.internal/sessionguard");
        assertThat(Database.describe(new Secret("jdbc:postgresql:sessionguard?password=s3cret")))
                .isEqualTo("postgresql sessionguard");
    }

    @Test
    void theSqliteFileIsResolvedWithoutItsParameters() {
        assertThat(Database.sqliteFile(new Secret("jdbc:sqlite:session-guard.db")))
                .contains(Path.of("session-guard.db").toAbsolutePath());
        assertThat(Database.sqliteFile(new Secret("jdbc:sqlite:file:/data/a.db?cache=shared")))
                .contains(Path.of("/data/a.db"));
        assertThat(Database.sqliteFile(new Secret("jdbc:sqlite:/data/a.db?busy_timeout=1"))).contains(Path.of("/data/a.db"));
        assertThat(Database.sqliteFile(new Secret("jdbc:sqlite::memory:"))).isEmpty();
        assertThat(Database.sqliteFile(new Secret("jdbc:postgresql://db/sg"))).isEmpty();
    }
}
