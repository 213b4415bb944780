package dev.sessionguard;

import com.slack.api.methods.MethodsClient;
import dev.sessionguard.audit.AuditCommands;
import dev.sessionguard.config.ConfigException;
import dev.sessionguard.config.Logging;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.Settings;
import dev.sessionguard.doctor.Doctor;
import dev.sessionguard.oauth.OrgInstall;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import java.time.Clock;
import java.util.Arrays;

/**
 * Starts Session Guard from the environment, or runs one of its commands: doctor, audit verify, audit export,
 * healthcheck.
 */
public final class Main {

    private Main() {
    }

    /** {@code audit verify|export}: needs only DATABASE_URL, no Slack variables. */
    private static int audit(String[] args) {
        Secret databaseUrl;
        try {
            databaseUrl = Settings.databaseUrlFrom(Settings.environment());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
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
        MethodsClient slack = SessionGuard.slackClient(settings).methods();
        if (settings.oauth().isEmpty()) {
            return new Doctor(slack, settings, SlackCalls.withDefaults()).run(System.out);
        }
        try (Database db = Database.open(settings.databaseUrl())) {
            var tokens = OrgInstall.open(settings.oauth().get(), db, Clock.systemUTC()).tokens();
            return new Doctor(slack, settings, tokens, SlackCalls.withDefaults()).run(System.out);
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
            return HealthCheck.run(Settings.portFrom(Settings.environment()), System.out);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    public static void main(String[] args) throws Exception {
        Logging.configure(Settings.logFormatFrom(Settings.environment()));
        if (args.length > 0) {
            Logging.toStderr();
        }
        if (args.length > 0 && "audit".equals(args[0])) {
            System.exit(audit(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && ClassArchiveTraining.COMMAND.equals(args[0])) {
            System.exit(ClassArchiveTraining.run());
            return;
        }
        if (args.length > 0 && "healthcheck".equals(args[0])) {
            System.exit(healthcheck());
            return;
        }
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && "doctor".equals(args[0])) {
            System.exit(doctor(settings));
            return;
        }
        if (args.length > 0) {
            System.err.println("Unknown command " + args[0] + ". Commands: doctor, audit verify, audit export, healthcheck.");
            System.exit(2);
            return;
        }
        SessionGuard app;
        try {
            app = SessionGuard.start(settings);
        } catch (IllegalStateException e) {
            // e.g. the database cannot be reached; the message names the variable, never its value
            System.err.println("Session Guard cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                System.err.println("Shutdown was not clean: " + e.getClass().getSimpleName());
            }
        }, "shutdown"));
    }
}
