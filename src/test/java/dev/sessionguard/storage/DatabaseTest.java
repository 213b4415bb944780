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
}
