package dev.sessionguard.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionguard.config.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The app's database: an embedded SQLite file by default, PostgreSQL to run several instances.
 * Pooled with HikariCP and migrated with Flyway on open; one schema serves both engines.
 */
public final class Database implements AutoCloseable {

    /** How long a SQLite writer waits for another's write lock before it fails. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    /** The few places where the two engines need different SQL. */
    public enum Dialect { SQLITE, POSTGRES }

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Opens the pool and brings the schema up to date. The URL may hold a password: it is never logged. */
    public static Database open(Secret jdbcUrl) {
        String url = jdbcUrl.reveal();
        Dialect dialect = url.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRES;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("session-guard-db");
        if (dialect == Dialect.SQLITE) {
            // WAL lets readers run beside the one writer; busy_timeout makes a second writer wait, not fail.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
            config.addDataSourceProperty("foreign_keys", "true");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(8);
        }
        config.setConnectionTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari's message can quote the URL; say what failed without it.
            throw new IllegalStateException("Could not connect to the database in DATABASE_URL ("
                    + rootCause(e).getClass().getSimpleName() + ")", null);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("Could not bring the database in DATABASE_URL up to date ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", null);
        }
        return new Database(ds, dialect);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** For {@code /healthz}: can we get a connection that answers? */
    public boolean healthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
