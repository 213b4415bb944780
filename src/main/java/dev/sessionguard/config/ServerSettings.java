package dev.sessionguard.config;

import java.util.Map;

/**
 * The process: its port, database, log format, the after-ack lanes and the per-address connection limit.
 *
 * @param databaseUrl              a JDBC URL; it may hold a password, so it is a secret
 * @param maxConnectionsPerAddress most connections one client address may hold open; 0 for no limit (behind a
 *                                 proxy that limits them)
 */
public record ServerSettings(int port, Secret databaseUrl, LogFormat logFormat, Lanes lanes,
        int maxConnectionsPerAddress) {

    public static final String PORT = "PORT";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String LOG_FORMAT = "LOG_FORMAT";
    public static final String FAST_THREADS = "SESSION_GUARD_FAST_THREADS";
    public static final String FAST_QUEUE = "SESSION_GUARD_FAST_QUEUE";
    public static final String SLOW_THREADS = "SESSION_GUARD_SLOW_THREADS";
    public static final String SLOW_QUEUE = "SESSION_GUARD_SLOW_QUEUE";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "SESSION_GUARD_MAX_CONNECTIONS_PER_ADDRESS";

    /** An embedded SQLite file in the working directory, so running the app needs no database server. */
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:session-guard.db";

    /**
     * Threads and queue lengths of the two after-ack lanes. The threads mostly wait on Slack, so there are more than
     * cores; the fast lane's queue is short because work that waits there long misses its trigger anyway.
     */
    public record Lanes(int fastThreads, int fastQueue, int slowThreads, int slowQueue) {
    }

    /** How log lines are written. */
    public enum LogFormat { TEXT, JSON }

    static ServerSettings read(Env env) {
        int port = port(env);
        Secret databaseUrl = new Secret(databaseUrl(env));
        LogFormat logFormat = logFormat(env);
        Lanes lanes = new Lanes(env.integer(FAST_THREADS, 8, 1, 256), env.integer(FAST_QUEUE, 64, 1, 10_000),
                env.integer(SLOW_THREADS, 16, 1, 256), env.integer(SLOW_QUEUE, 256, 1, 100_000));
        int maxConnectionsPerAddress = env.integer(MAX_CONNECTIONS_PER_ADDRESS, 1024, 0, 100_000);
        return new ServerSettings(port, databaseUrl, logFormat, lanes, maxConnectionsPerAddress);
    }

    /** Only what the offline commands ({@code audit verify}, {@code audit export}) need: no Slack variables. */
    public static Secret databaseUrlFrom(Map<String, String> variables) {
        Env env = new Env(variables);
        String url = databaseUrl(env);
        env.failIfAnyProblem();
        return new Secret(url);
    }

    /** Only PORT, for {@code healthcheck} (the container's HEALTHCHECK): no Slack variables. */
    public static int portFrom(Map<String, String> variables) {
        Env env = new Env(variables);
        int port = port(env);
        env.failIfAnyProblem();
        return port;
    }

    /** Only the log format, read before anything logs: anything but {@code json} is text here. */
    public static LogFormat logFormatFrom(Map<String, String> variables) {
        return "json".equalsIgnoreCase(String.valueOf(variables.get(LOG_FORMAT)).strip()) ? LogFormat.JSON
                : LogFormat.TEXT;
    }

    private static int port(Env env) {
        return env.integer(PORT, 3000, 0, 65535);
    }

    /** A JDBC URL; it may hold a password, so it is a value we never echo. */
    private static String databaseUrl(Env env) {
        String v = env.value(DATABASE_URL);
        if (v == null) {
            return DEFAULT_DATABASE_URL;
        }
        if (!v.startsWith("jdbc:sqlite:") && !v.startsWith("jdbc:postgresql:")) {
            env.problem(DATABASE_URL + " must be a JDBC URL starting jdbc:sqlite: or jdbc:postgresql:");
        }
        return v;
    }

    private static LogFormat logFormat(Env env) {
        String v = env.value(LOG_FORMAT);
        if (v == null || v.equalsIgnoreCase("text")) {
            return LogFormat.TEXT;
        }
        if (v.equalsIgnoreCase("json")) {
            return LogFormat.JSON;
        }
        env.problem(LOG_FORMAT + " must be text or json");
        return LogFormat.TEXT;
    }
}
