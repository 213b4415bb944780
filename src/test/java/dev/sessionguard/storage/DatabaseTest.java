package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void openingAFreshSqliteFileCreatesTheSchema() throws Exception {
        try (Database db = Database.open(TestDatabases.freshSqlite());
                Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT seq, hash FROM audit_chain_head")) {
            assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void healthFollowsTheConnection() {
        Database db = Database.open(TestDatabases.freshSqlite());
        assertThat(db.healthy()).isTrue();

        db.close();

        assertThat(db.healthy()).isFalse();
    }

    @Test
    void anUnreachableDatabaseFailsWithoutQuotingTheUrlsPassword() {
        Throwable failure = catchThrowable(() ->
                Database.open(new Secret("jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=HUNTER2-secret")));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("DATABASE_URL");
        assertThat(String.valueOf(failure)).doesNotContain("HUNTER2");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void latestMigrationIsTheHighestMigrationFile() throws Exception {
        int highest;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            highest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(Database.LATEST_MIGRATION).isEqualTo(highest);
    }

    @Test
    void aCurrentSchemaIsSeenAsSuchAndOneBehindOrHalfDoneIsMigratedAgain() throws Exception {
        Secret url = TestDatabases.freshSqlite();
        try (Database db = Database.open(url)) {
            assertThat(Database.upToDate(db.dataSource())).isTrue();
            try (Connection c = db.dataSource().getConnection()) {
                // As if this build had one more migration than the database: Flyway must run (and re-apply it).
                c.createStatement().executeUpdate("DELETE FROM flyway_schema_history WHERE version = '"
                        + Database.LATEST_MIGRATION + "'");
                for (String table : new String[] {"workflow_step_run"}) {
                    c.createStatement().executeUpdate("DROP TABLE " + table);
                }
            }
            assertThat(Database.upToDate(db.dataSource())).isFalse();
        }
        try (Database reopened = Database.open(url);
                Connection c = reopened.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM workflow_step_run")) {
            assertThat(rs.next()).isTrue();
            assertThat(Database.upToDate(reopened.dataSource())).isTrue();
            c.createStatement().executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");
            assertThat(Database.upToDate(reopened.dataSource())).isFalse();
        }
    }

    @Test
    void aDatabaseOpenedInTheBackgroundWaitsForItsPoolAndSaysWhyItCouldNotOpen() {
        Database db = Database.openInBackground(TestDatabases.freshSqlite());
        db.awaitOpen();
        assertThat(db.healthy()).isTrue();
        db.close();

        Database nowhere = Database.openInBackground(
                new Secret("jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=HUNTER2-secret"));
        Throwable failure = catchThrowable(nowhere::awaitOpen);
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("DATABASE_URL");
        assertThat(String.valueOf(failure)).doesNotContain("HUNTER2");
        assertThat(nowhere.healthy()).isFalse();
        nowhere.close(); // nothing to close, and no exception
    }
}
