package dev.sessionguard.support;

import dev.sessionguard.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * Real databases for storage tests: a fresh SQLite file, or a fresh schema in the PostgreSQL that
 * {@code .ci/run} starts and names in {@code SESSION_GUARD_TEST_PG_URL}.
 */
public final class TestDatabases {

    public static final String PG_URL_VARIABLE = "SESSION_GUARD_TEST_PG_URL";
    /** Why a PostgreSQL test did not run, as the test report and the console show it. */
    public static final String PG_SKIPPED = PG_URL_VARIABLE + " is not set: PostgreSQL suites skipped (README: Test it)";

    private TestDatabases() {
    }

    public static Secret freshSqlite() {
        return new Secret("jdbc:sqlite:" + TestApp.freshDatabaseFile());
    }

    public static Optional<String> postgresUrl() {
        String url = System.getenv(PG_URL_VARIABLE);
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url);
    }

    /** A new, empty schema; the returned URL makes it the connection's default. */
    public static Secret freshPostgresSchema() {
        String base = postgresUrl().orElseThrow(() -> new IllegalStateException(PG_URL_VARIABLE + " is not set"));
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test schema: " + e.getSQLState(), e);
        }
        return new Secret(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }
}
