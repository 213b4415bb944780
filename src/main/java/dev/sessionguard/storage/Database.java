package dev.sessionguard.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionguard.config.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    /** The highest {@code V<n>__…sql} under {@code db/migration}; a test holds it to the files. */
    public static final int LATEST_MIGRATION = 13;

    /** The few places where the two engines need different SQL. */
    public enum Dialect { SQLITE, POSTGRES }

    /** The pool, once it is open and the schema is up to date; its failure as {@link #open} throws it. */
    private final FutureTask<HikariDataSource> pool;
    private final Dialect dialect;

    private Database(FutureTask<HikariDataSource> pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** Opens the pool and brings the schema up to date. The URL may hold a password: it is never logged. */
    public static Database open(Secret jdbcUrl) {
        Database db = new Database(new FutureTask<>(() -> pool(jdbcUrl, StartFolder.forThisStart())),
                dialectOf(jdbcUrl));
        db.pool.run();
        db.awaitOpen();
        return db;
    }

    /**
     * As {@link #open}, on a thread of its own: the app's start-up sets up Slack's client, Bolt and Jetty meanwhile.
     * Whatever uses the database first waits for it; {@link #awaitOpen} says whether it opened.
     */
    public static Database openInBackground(Secret jdbcUrl) {
        Database db = new Database(new FutureTask<>(() -> {
            Optional<StartFolder> start = StartFolder.forThisStart();
            NewDatabase.fromTemplate(jdbcUrl, start); // a first start: the empty database the build migrated, if any
            sqliteFile(jdbcUrl).ifPresent(PrivateFiles::narrow); // files an older version left readable by others
            return pool(jdbcUrl, start);
        }), dialectOf(jdbcUrl));
        new Thread(db.pool, "database-open").start();
        return db;
    }

    private static Dialect dialectOf(Secret jdbcUrl) {
        return jdbcUrl.reveal().startsWith(SQLITE) ? Dialect.SQLITE : Dialect.POSTGRES;
    }

    /** Waits until the database is open and migrated; throws what {@link #open} would when it can't be. */
    public void awaitOpen() {
        pooled();
    }

    private HikariDataSource pooled() {
        try {
            return pool.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // open's own IllegalStateException, which never holds the URL
            }
            throw new IllegalStateException("Could not open the database in DATABASE_URL ("
                    + e.getCause().getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the database in DATABASE_URL was opening", null);
        }
    }

    private static HikariDataSource pool(Secret jdbcUrl, Optional<StartFolder> start) {
        String url = jdbcUrl.reveal();
        Dialect dialect = dialectOf(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            SqliteLibrary.useKeptCopy(start);
            sqliteFile(jdbcUrl).filter(file -> createsFile(url)).ifPresent(PrivateFiles::createIfNew);
        }
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
            if (!upToDate(ds)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("Could not bring the database in DATABASE_URL up to date ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", null);
        }
        return ds;
    }

    /**
     * Whether Flyway's history already holds every migration this build has, each applied successfully: then the
     * schema is current and Flyway (its set-up, the class path scan and the checks, about half of a restart) is not
     * needed. A new database, or one a migration behind or left half-done, goes through Flyway as always.
     */
    static boolean upToDate(DataSource ds) {
        try (Connection c = ds.getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int latest = 0;
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                latest = Math.max(latest, Integer.parseInt(rs.getString(1)));
            }
            return latest == LATEST_MIGRATION;
        } catch (SQLException | NumberFormatException e) {
            return false; // no history yet (a new database), or one this check can't read: Flyway decides
        }
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
     * Whether SQLite creates the file of {@code url} when it isn't there: not in a read-only or read-write-only URI
     * ({@code mode=ro}, {@code mode=rw}), nor with sqlite-jdbc's own {@code open_mode}, which may leave out the flag.
     */
    private static boolean createsFile(String url) {
        int query = url.indexOf('?');
        return query < 0 || Arrays.stream(url.substring(query + 1).split("&"))
                .noneMatch(p -> p.equals("mode=ro") || p.equals("mode=rw") || p.startsWith("open_mode="));
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

    /** The pool; while the database is still opening, this waits for it. */
    public DataSource dataSource() {
        return pooled();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** For {@code /healthz}: is it open, and can we get a connection that answers? */
    public boolean healthy() {
        if (!pool.isDone()) {
            return false;
        }
        try (Connection c = pooled().getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Closes the pool, once it is open; a database that failed to open has nothing to close. */
    @Override
    public void close() {
        HikariDataSource ds;
        try {
            ds = pooled();
        } catch (IllegalStateException e) {
            return;
        }
        ds.close();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
