package dev.sessionguard.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionguard.config.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The app's database: an embedded SQLite file by default, PostgreSQL to run several instances.
 * Pooled with HikariCP and migrated with Flyway on open; one schema serves both engines.
 */
public final class Database implements AutoCloseable {

    /** How long a SQLite writer waits for another's write lock before it fails. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private static final String SQLITE = "jdbc:sqlite:";

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
        Dialect dialect = url.startsWith(SQLITE) ? Dialect.SQLITE : Dialect.POSTGRES;
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

    /**
     * The SQLite file a {@code jdbc:sqlite:} URL names, resolved against the working directory; empty for
     * PostgreSQL and for an in-memory SQLite database.
     */
    public static Optional<Path> sqliteFile(Secret jdbcUrl) {
        String url = jdbcUrl.reveal();
        if (!url.startsWith(SQLITE)) {
            return Optional.empty();
        }
        String rest = url.substring(SQLITE.length());
        boolean uri = rest.startsWith("file:");
        if (uri) {
            rest = rest.substring("file:".length());
        }
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        if (name.isEmpty() || name.equals(":memory:") || (uri && url.contains("mode=memory"))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name).toAbsolutePath().normalize());
    }

    /**
     * The database in words for the log: {@code sqlite file session-guard.db}, {@code postgresql
     * db.internal:5432/sessionguard}. Never the user, the password or any query parameter, which may hold them.
     */
    public static String describe(Secret jdbcUrl) {
        String url = jdbcUrl.reveal();
        if (url.startsWith(SQLITE)) {
            return sqliteFile(jdbcUrl).map(p -> "sqlite file " + shown(p)).orElse("sqlite in memory");
        }
        String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        if (rest.startsWith("postgresql://")) {
            String hostAndDb = rest.substring("postgresql://".length());
            int at = hostAndDb.lastIndexOf('@', hostAndDb.indexOf('/') < 0 ? hostAndDb.length() : hostAndDb.indexOf('/'));
            return "postgresql " + hostAndDb.substring(at + 1);
        }
        return rest.startsWith("postgresql:") ? "postgresql " + rest.substring("postgresql:".length()) : "postgresql";
    }

    /** A file in the working directory by its name, others by their whole path. */
    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.getParent() != null && file.getParent().equals(here) ? file.getFileName().toString() : file.toString();
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
