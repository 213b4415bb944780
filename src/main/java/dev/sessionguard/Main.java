package dev.sessionguard;

import com.slack.api.Slack;
import dev.sessionguard.audit.AuditCommands;
import dev.sessionguard.build.ClassArchiveTraining;
import dev.sessionguard.config.ConfigException;
import dev.sessionguard.config.Logging;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.doctor.Doctor;
import dev.sessionguard.oauth.StoredTokens;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.storage.TokenCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts Session Guard from the environment, or runs one of its commands: doctor, audit verify, audit export,
 * healthcheck, help ({@link Usage}).
 */
public final class Main {

    private Main() {
    }

    /** {@code audit verify|export}: needs only DATABASE_URL, no Slack variables. */
    private static int audit(String[] args) {
        Secret databaseUrl;
        try {
            databaseUrl = ServerSettings.databaseUrlFrom(Settings.environment());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        // Opening a SQLite file that isn't there would create an empty trail, and "intact: 0 records" from the
        // wrong directory reads like good news. These commands read a trail; they never make one.
        Optional<Path> missing = Database.sqliteFile(databaseUrl).filter(file -> !Files.exists(file));
        if (missing.isPresent()) {
            String given = Settings.environment().get(ServerSettings.DATABASE_URL);
            System.err.println("No audit database at " + missing.get() + " (" + ServerSettings.DATABASE_URL
                    + (given != null && !given.isBlank() ? "" : " is not set, so the default "
                            + ServerSettings.DEFAULT_DATABASE_URL + " in the working directory") + "). Run audit in the "
                    + "directory the app runs in, or set " + ServerSettings.DATABASE_URL + " to the app's database.");
            return AuditCommands.UNREADABLE;
        }
        try (Database db = Database.open(databaseUrl)) {
            return AuditCommands.run(args, new JdbcAuditStore(db, Clock.systemUTC()), System.out, System.err);
        } catch (RuntimeException e) {
            // Not 1, which says the chain is broken: a cron job must tell tampering from an unreachable database.
            // Database.open's own message never holds the URL; other exceptions are named only by class.
            System.err.println("Could not read the audit trail: " + (e instanceof IllegalStateException
                    ? e.getMessage() : e.getClass().getSimpleName()));
            return AuditCommands.UNREADABLE;
        }
    }

    /** {@code doctor}: the tokens in the environment, or in OAuth mode the install stored in DATABASE_URL. */
    private static int doctor(Settings settings) {
        Slack slack = SessionGuard.slackClient(settings);
        if (settings.oauth().isEmpty()) {
            // Token mode needs no database, and doctor never creates one: a SQLite file the app has not made yet
            // is reported as such.
            if (Database.sqliteFile(settings.server().databaseUrl()).filter(f -> !Files.exists(f)).isPresent()) {
                return new Doctor(slack, settings, SlackCalls.withDefaults()).directory(null).run(System.out);
            }
            try (Database db = Database.open(settings.server().databaseUrl())) {
                return new Doctor(slack, settings, SlackCalls.withDefaults())
                        .directory(new JdbcPeople(db, Clock.systemUTC())).run(System.out);
            } catch (RuntimeException e) {
                System.err.println("Could not read the user directory: " + (e instanceof IllegalStateException
                        ? e.getMessage() : e.getClass().getSimpleName()));
                return 2;
            }
        }
        try (Database db = Database.open(settings.server().databaseUrl())) {
            var tokens = new StoredTokens(new JdbcInstallationService(db,
                    TokenCipher.fromBase64(settings.oauth().get().encryptionKey())));
            return new Doctor(slack, settings, tokens, SlackCalls.withDefaults())
                    .directory(new JdbcPeople(db, Clock.systemUTC())).run(System.out);
        } catch (RuntimeException e) {
            // As for audit: Database.open's own message never holds the URL; others are named by class only.
            System.err.println("Could not read the installation: " + (e instanceof IllegalStateException
                    ? e.getMessage() : e.getClass().getSimpleName()));
            return 2;
        }
    }

    /** {@code healthcheck}: asks the running app's /healthz; needs only PORT. */
    private static int healthcheck() {
        try {
            return HealthCheck.run(ServerSettings.portFrom(Settings.environment()), System.out);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    /** A command of the jar's: its arguments (after its name) in, its exit status out. */
    @FunctionalInterface
    private interface Command {
        int run(String[] args) throws Exception;
    }

    /** {@code run} and {@code doctor}: they take the settings, read and checked first. */
    @FunctionalInterface
    private interface SettingsCommand {
        int run(Settings settings) throws Exception;
    }

    /** What {@code run} answers once the app is up: the process goes on serving, no exit. */
    private static final int SERVING = -1;

    /** Each command by the name it is run with ({@code run} when none is given); {@link Usage} says what each needs. */
    private static final Map<String, Command> COMMANDS = Map.of(
            "run", args -> withSettings("run", args, Main::run),
            "doctor", args -> withSettings("doctor", args, Main::doctor),
            "audit", Main::audit,
            "healthcheck", args -> healthcheck(),
            ClassArchiveTraining.COMMAND, args -> cdsTraining());

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "run" : args[0];
        if (Usage.isHelp(name)) {
            System.out.print(Usage.TEXT);
            System.exit(0);
            return;
        }
        Logging.configure(ServerSettings.logFormatFrom(Settings.environment()));
        if (!"run".equals(name)) {
            Logging.toStderr();
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            System.err.println("Unknown command " + name + ". Commands: run, doctor, audit verify, audit export, "
                    + "healthcheck, help; java -jar session-guard.jar --help says what each needs.");
            System.exit(2);
            return;
        }
        int status = command.run(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
        if (status != SERVING) {
            System.exit(status);
        }
    }

    /** {@code run} and {@code doctor}: no arguments, and every variable the app reads, checked before anything. */
    private static int withSettings(String name, String[] args, SettingsCommand command) throws Exception {
        if (args.length > 0) {
            System.err.println(name + " takes no arguments; java -jar session-guard.jar --help lists the commands.");
            return 2;
        }
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return command.run(settings);
    }

    /** {@code cds-training}: the build's start of the app on loopback, for the class archive. */
    private static int cdsTraining() throws Exception {
        return ClassArchiveTraining.run(settings -> {
            SessionGuard app = SessionGuard.start(settings);
            return new ClassArchiveTraining.Running() {
                @Override
                public int port() {
                    return app.port();
                }

                @Override
                public void close() throws Exception {
                    app.close();
                }
            };
        });
    }

    /** {@code run}: starts the app and leaves it serving, until a SIGTERM stops it cleanly. */
    private static int run(Settings settings) throws Exception {
        // The hook is in place before the app starts: a SIGTERM that arrives once /healthz is up but before start()
        // has returned still stops the app cleanly, after the start is done.
        AtomicReference<SessionGuard> running = new AtomicReference<>();
        CountDownLatch startReturned = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                startReturned.await(60, TimeUnit.SECONDS);
                SessionGuard app = running.get();
                if (app != null) {
                    app.close();
                }
            } catch (Exception e) {
                System.err.println("Shutdown was not clean: " + e.getClass().getSimpleName());
            }
        }, "shutdown"));
        try {
            running.set(SessionGuard.start(settings));
            return SERVING;
        } catch (IllegalStateException e) {
            // e.g. the database cannot be reached; the message names the variable, never its value
            System.err.println("Session Guard cannot start: " + e.getMessage());
            return 1;
        } finally {
            startReturned.countDown();
        }
    }
}
