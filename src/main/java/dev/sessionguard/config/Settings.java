package dev.sessionguard.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the app is configured with, read once from the environment and validated, by area. Only {@link Env}
 * reads environment variables, each area next to its variables' names; secrets are {@link Secret}s and never
 * printed.
 *
 * @param slack    how the app reaches Slack; its tokens are null in OAuth mode ({@code oauth} present), where they
 *                 come from the org's install
 * @param oauth    OAuth mode: present when {@code SLACK_CLIENT_ID} or {@code SLACK_CLIENT_SECRET} is set
 * @param guard    who may act, how much, and the audit channel
 * @param incident bulk jobs and the user directory
 * @param server   port, database, logs, lanes and connection limits
 * @param gtr      Universal Logout: present when {@code SESSION_GUARD_GTR_ISSUER} is set
 * @param threat   threat response (Slack's anomalies as cards): present when {@code SLACK_AUDIT_LOGS_TOKEN} is set
 */
public record Settings(SlackSettings slack, Optional<OAuthSettings> oauth, GuardSettings guard,
        IncidentSettings incident, ServerSettings server, Optional<GtrSettings> gtr,
        Optional<ThreatSettings> threat) {

    /** Every area, in the order their variables are read and listed. */
    private static final List<Class<?>> AREAS = List.of(SlackSettings.class, OAuthSettings.class, GuardSettings.class,
            IncidentSettings.class, ServerSettings.class, GtrSettings.class, ThreatSettings.class);

    /**
     * Every environment variable the app reads: each area's public String constants that are variables' names. A
     * new constant is listed without anything else to change, and a test holds README.md's Configuration table to it.
     */
    public static List<String> variables() {
        return AREAS.stream().flatMap(area -> Env.variables(area).stream()).toList();
    }

    public static Settings fromEnvironment() {
        return from(environment());
    }

    /** The process environment, for readers that run before {@link #from}, e.g. {@link ServerSettings#logFormatFrom}. */
    public static Map<String, String> environment() {
        return System.getenv();
    }

    /** Reads and validates; throws one {@link ConfigException} naming every problem at once. */
    public static Settings from(Map<String, String> variables) {
        Env env = new Env(variables);
        Settings settings = new Settings(SlackSettings.read(env), OAuthSettings.read(env), GuardSettings.read(env),
                IncidentSettings.read(env), ServerSettings.read(env), GtrSettings.read(env),
                ThreatSettings.read(env));
        env.failIfAnyProblem();
        return settings;
    }
}
