package dev.sessionguard.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Everything the app is configured with, read once from the environment and validated.
 * The only class that reads environment variables; secrets are {@link Secret}s and never printed.
 *
 * <p>{@code botToken} and {@code adminToken} are null in OAuth mode ({@code oauth} present), where the tokens
 * come from the org's install instead.
 */
public record Settings(
        Secret signingSecret,
        Secret botToken,
        Secret adminToken,
        String auditChannel,
        Optional<String> adminGroup,
        int maxUsers,
        // Never signed out, their policy never changed: break-glass accounts.
        List<String> protectedUsers,
        // How many people one admin may sign out per minute.
        int maxResetsPerMinute,
        // Incident mode: a bulk job of more people than this waits for a second admin's approval, for this long.
        int approvalThreshold,
        Duration approvalTtl,
        int port,
        String slackApiUrl,
        Secret databaseUrl,
        LogFormat logFormat,
        // Socket Mode: present when SLACK_APP_TOKEN is set; then signingSecret may be null.
        Optional<Secret> appToken,
        Optional<OAuthSettings> oauth,
        // The after-ack lanes' sizes, and how long an "allowed" from the admin check may open forms.
        Lanes lanes,
        Duration adminCache,
        // Universal Logout: present when SESSION_GUARD_GTR_ISSUER is set.
        Optional<GtrSettings> gtr,
        // Most connections one client address may hold open; 0 for no limit (behind a proxy that limits them).
        int maxConnectionsPerAddress,
        // The user directory (bulk previews): a full users.list sync this long after the last one finished.
        Duration directorySync) {

    public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
    public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String ADMIN_TOKEN = "SLACK_ADMIN_TOKEN";
    public static final String AUDIT_CHANNEL = "SESSION_GUARD_AUDIT_CHANNEL";
    public static final String ADMIN_GROUP = "SESSION_GUARD_ADMIN_GROUP";
    public static final String MAX_USERS = "SESSION_GUARD_MAX_USERS";
    public static final String PROTECTED_USERS = "SESSION_GUARD_PROTECTED_USERS";
    public static final String MAX_RESETS_PER_MINUTE = "SESSION_GUARD_MAX_RESETS_PER_MINUTE";
    public static final String APPROVAL_THRESHOLD = "SESSION_GUARD_APPROVAL_THRESHOLD";
    public static final String APPROVAL_TTL_SECONDS = "SESSION_GUARD_APPROVAL_TTL_SECONDS";
    public static final String PORT = "PORT";
    public static final String API_URL = "SLACK_API_URL";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String LOG_FORMAT = "LOG_FORMAT";
    public static final String APP_TOKEN = "SLACK_APP_TOKEN";
    // OAuth mode: both client variables set.
    public static final String CLIENT_ID = "SLACK_CLIENT_ID";
    public static final String CLIENT_SECRET = "SLACK_CLIENT_SECRET";
    public static final String ENCRYPTION_KEY = "SESSION_GUARD_ENCRYPTION_KEY";
    public static final String REDIRECT_URI = "SLACK_REDIRECT_URI";
    public static final String FAST_THREADS = "SESSION_GUARD_FAST_THREADS";
    public static final String FAST_QUEUE = "SESSION_GUARD_FAST_QUEUE";
    public static final String SLOW_THREADS = "SESSION_GUARD_SLOW_THREADS";
    public static final String SLOW_QUEUE = "SESSION_GUARD_SLOW_QUEUE";
    public static final String ADMIN_CACHE_SECONDS = "SESSION_GUARD_ADMIN_CACHE_SECONDS";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "SESSION_GUARD_MAX_CONNECTIONS_PER_ADDRESS";
    public static final String DIRECTORY_SYNC_HOURS = "SESSION_GUARD_DIRECTORY_SYNC_HOURS";
    // Universal Logout: the IdP's issuer turns it on; the audience is then required.
    public static final String GTR_ISSUER = "SESSION_GUARD_GTR_ISSUER";
    public static final String GTR_JWKS_URL = "SESSION_GUARD_GTR_JWKS_URL";
    public static final String GTR_AUDIENCE = "SESSION_GUARD_GTR_AUDIENCE";
    public static final String GTR_MAX_PER_MINUTE = "SESSION_GUARD_GTR_MAX_PER_MINUTE";

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
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
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");
    /** A Slack user ID, as {@code text.Mrkdwn} renders one as a mention. */
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern CLIENT_ID_PATTERN = Pattern.compile("[0-9]+\\.[0-9]+");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern SHOWABLE_ENTRY = Pattern.compile("@?[A-Za-z0-9._-]{1,21}");

    /**
     * Every environment variable Settings reads: each public String constant that is a variable's name. A new
     * constant is listed without anything else to change, and a test holds README.md's Configuration table to it.
     */
    public static List<String> variables() {
        List<String> names = new ArrayList<>();
        for (Field f : Settings.class.getFields()) {
            int m = f.getModifiers();
            if (f.getType() == String.class && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                try {
                    String value = (String) f.get(null);
                    if (VARIABLE_NAME.matcher(value).matches()) {
                        names.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(names);
    }

    public static Settings fromEnvironment() {
        return from(environment());
    }

    /** The process environment, for readers that run before {@link #from}, e.g. {@link #logFormatFrom}. */
    public static Map<String, String> environment() {
        return System.getenv();
    }

    /** Reads and validates; throws one {@link ConfigException} naming every problem at once. */
    public static Settings from(Map<String, String> env) {
        Reader r = new Reader(env);
        Optional<Secret> appToken = r.optionalSecret(APP_TOKEN, "xapp-", "an app-level token (xapp-…)");
        // Socket Mode requests come over the app's own WebSocket and are not signed.
        Secret signingSecret = appToken.isPresent() ? r.optionalSecret(SIGNING_SECRET, null, "").orElse(null)
                : r.secret(SIGNING_SECRET, null, "");
        Optional<OAuthSettings> oauth = r.oauth();
        Secret botToken = oauth.isPresent() ? r.ignoredInOAuthMode(BOT_TOKEN)
                : r.secret(BOT_TOKEN, "xoxb-", "a bot token (xoxb-…)");
        Secret adminToken = oauth.isPresent() ? r.ignoredInOAuthMode(ADMIN_TOKEN)
                : r.secret(ADMIN_TOKEN, "xoxp-", "an org-level user token (xoxp-…)");
        String auditChannel = r.required(AUDIT_CHANNEL, CHANNEL_ID, "a channel ID such as C0123ABCD");
        Optional<String> adminGroup = r.optional(ADMIN_GROUP, GROUP_ID, "a user group ID such as S0123ABCD");
        int maxUsers = r.integer(MAX_USERS, 50, 1, 1000);
        List<String> protectedUsers = r.userIds(PROTECTED_USERS);
        int maxResetsPerMinute = r.integer(MAX_RESETS_PER_MINUTE, 20, 1, Integer.MAX_VALUE);
        int approvalThreshold = r.integer(APPROVAL_THRESHOLD, 25, 0, Integer.MAX_VALUE);
        Duration approvalTtl = Duration.ofSeconds(r.integer(APPROVAL_TTL_SECONDS, 1800, 1, Integer.MAX_VALUE));
        int port = r.integer(PORT, 3000, 0, 65535);
        String apiUrl = r.url(API_URL, DEFAULT_API_URL);
        Secret databaseUrl = new Secret(r.databaseUrl());
        LogFormat logFormat = r.logFormat();
        Lanes lanes = new Lanes(r.integer(FAST_THREADS, 8, 1, 256), r.integer(FAST_QUEUE, 64, 1, 10_000),
                r.integer(SLOW_THREADS, 16, 1, 256), r.integer(SLOW_QUEUE, 256, 1, 100_000));
        Duration adminCache = Duration.ofSeconds(r.integer(ADMIN_CACHE_SECONDS, 30, 0, 300));
        Optional<GtrSettings> gtr = r.gtr();
        int maxConnectionsPerAddress = r.integer(MAX_CONNECTIONS_PER_ADDRESS, 1024, 0, 100_000);
        // Events keep the directory fresh between syncs; a week at most, so people who left are not kept for long.
        Duration directorySync = Duration.ofHours(r.integer(DIRECTORY_SYNC_HOURS, 24, 1, 168));
        r.failIfAnyProblem();
        return new Settings(signingSecret, botToken, adminToken, auditChannel, adminGroup, maxUsers, protectedUsers,
                maxResetsPerMinute, approvalThreshold, approvalTtl, port, apiUrl, databaseUrl, logFormat, appToken, oauth,
                lanes, adminCache, gtr, maxConnectionsPerAddress, directorySync);
    }

    /** Only what the offline commands ({@code audit verify}, {@code audit export}) need: no Slack variables. */
    public static Secret databaseUrlFrom(Map<String, String> env) {
        Reader r = new Reader(env);
        String url = r.databaseUrl();
        r.failIfAnyProblem();
        return new Secret(url);
    }

    /** Only PORT, for {@code healthcheck} (the container's HEALTHCHECK): no Slack variables. */
    public static int portFrom(Map<String, String> env) {
        Reader r = new Reader(env);
        int port = r.integer(PORT, 3000, 0, 65535);
        r.failIfAnyProblem();
        return port;
    }

    /** Only the log format, read before anything logs. */
    public static LogFormat logFormatFrom(Map<String, String> env) {
        return "json".equalsIgnoreCase(String.valueOf(env.get(LOG_FORMAT)).strip()) ? LogFormat.JSON : LogFormat.TEXT;
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> missing = new ArrayList<>();
        private final List<String> malformed = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        private String value(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.trim();
        }

        Secret secret(String name, String prefix, String expected) {
            String v = value(name);
            if (v == null) {
                missing.add(name);
                return null;
            }
            if (prefix != null && !v.startsWith(prefix)) {
                // Never echo the value: it is a secret, possibly pasted in the wrong variable.
                malformed.add(name + " must be " + expected);
            }
            return new Secret(v);
        }

        Optional<Secret> optionalSecret(String name, String prefix, String expected) {
            return value(name) == null ? Optional.empty() : Optional.of(secret(name, prefix, expected));
        }

        String required(String name, Pattern pattern, String expected) {
            String v = value(name);
            if (v == null) {
                missing.add(name);
            } else if (!pattern.matcher(v).matches()) {
                malformed.add(name + " must be " + expected);
            }
            return v;
        }

        Optional<String> optional(String name, Pattern pattern, String expected) {
            String v = value(name);
            if (v != null && !pattern.matcher(v).matches()) {
                malformed.add(name + " must be " + expected);
            }
            return Optional.ofNullable(v);
        }

        int integer(String name, int defaultValue, int min, int max) {
            String v = value(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            malformed.add(name + " must be a whole number " + (max == Integer.MAX_VALUE ? "of " + min + " or more"
                    : "from " + min + " to " + max));
            return defaultValue;
        }

        /** Comma-separated Slack user IDs, spaces allowed around the commas; each entry that is not one is named. */
        List<String> userIds(String name) {
            String v = value(name);
            if (v == null) {
                return List.of();
            }
            List<String> ids = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            String[] entries = v.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                String id = entries[i].strip();
                if (SLACK_USER_ID.matcher(id).matches()) {
                    ids.add(id);
                } else {
                    wrong.add(shownEntry(id, i + 1));
                }
            }
            if (!wrong.isEmpty()) {
                malformed.add(name + " must be Slack user IDs such as W0123ABCD, separated by commas; not user IDs: "
                        + String.join(", ", wrong));
                return List.of();
            }
            return List.copyOf(new java.util.LinkedHashSet<>(ids));
        }

        /**
         * A wrong entry as the error names it. Names and IDs are no secret, and naming them is what lets someone fix
         * them; anything longer than a Slack name or ID, or odd (a token, a secret pasted into the wrong variable), is
         * named by its place in the list instead of echoed.
         */
        private static String shownEntry(String entry, int position) {
            if (entry.isEmpty()) {
                return "(entry " + position + ", empty)";
            }
            return SHOWABLE_ENTRY.matcher(entry).matches() && !entry.startsWith("xox") && !entry.startsWith("xapp")
                    ? entry : "(entry " + position + ", not shown)";
        }

        String url(String name, String defaultValue) {
            String v = value(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                URI uri = URI.create(v);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return v.endsWith("/") ? v : v + "/";
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            malformed.add(name + " must be an http(s) URL such as " + defaultValue);
            return defaultValue;
        }

        /** A JDBC URL; it may hold a password, so it is a value we never echo. */
        String databaseUrl() {
            String v = value(DATABASE_URL);
            if (v == null) {
                return DEFAULT_DATABASE_URL;
            }
            if (!v.startsWith("jdbc:sqlite:") && !v.startsWith("jdbc:postgresql:")) {
                malformed.add(DATABASE_URL + " must be a JDBC URL starting jdbc:sqlite: or jdbc:postgresql:");
            }
            return v;
        }

        /**
         * OAuth mode takes both client variables. Either one set means OAuth was meant, so the other one missing stops
         * the start (naming it) rather than quietly running in token mode.
         */
        boolean oauthIntended() {
            return value(CLIENT_ID) != null || value(CLIENT_SECRET) != null;
        }

        Optional<OAuthSettings> oauth() {
            if (!oauthIntended()) {
                return Optional.empty();
            }
            if (value(CLIENT_ID) == null || value(CLIENT_SECRET) == null) {
                String set = value(CLIENT_ID) == null ? CLIENT_SECRET : CLIENT_ID;
                malformed.add("OAuth mode needs both " + CLIENT_ID + " and " + CLIENT_SECRET + ", and only " + set
                        + " is set: set the other too, or unset " + set + " to run in token mode");
            }
            String clientId = required(CLIENT_ID, CLIENT_ID_PATTERN,
                    "the app's Client ID such as 1234567890.1234567890 (Basic Information > App Credentials)");
            Secret clientSecret = secret(CLIENT_SECRET, null, "");
            String key = value(ENCRYPTION_KEY);
            if (key == null) {
                malformed.add("OAuth mode (" + CLIENT_ID + " and " + CLIENT_SECRET + " set) needs " + ENCRYPTION_KEY
                        + " to encrypt the Slack tokens it stores: make one with `openssl rand -base64 32` and keep it "
                        + "in your secret store, as losing it means installing the app again");
            } else if (!isBase64Of32Bytes(key)) {
                malformed.add(ENCRYPTION_KEY + " must be 32 random bytes in base64, as `openssl rand -base64 32` makes");
            }
            String redirect = value(REDIRECT_URI);
            if (redirect != null && !isRedirectUri(redirect)) {
                malformed.add(REDIRECT_URI + " must be the public URL of /slack/oauth_redirect, such as "
                        + "https://session-guard.example.com/slack/oauth_redirect");
            }
            return Optional.of(new OAuthSettings(clientId, clientSecret, new Secret(key), Optional.ofNullable(redirect)));
        }

        /**
         * Universal Logout is turned on by the issuer; then the audience is required, so that a token the IdP
         * minted for another service can never sign anyone out here.
         */
        Optional<GtrSettings> gtr() {
            String issuer = value(GTR_ISSUER);
            int maxPerMinute = integer(GTR_MAX_PER_MINUTE, 60, 1, 100_000);
            if (issuer == null) {
                for (String name : List.of(GTR_JWKS_URL, GTR_AUDIENCE, GTR_MAX_PER_MINUTE)) {
                    if (value(name) != null) {
                        LoggerFactory.getLogger(Settings.class).warn("{} is ignored: Universal Logout is off until {} "
                                + "is set", name, GTR_ISSUER);
                    }
                }
                return Optional.empty();
            }
            if (!isHttpUrl(issuer)) {
                malformed.add(GTR_ISSUER + " must be the identity provider's issuer URL, such as "
                        + "https://example.okta.com");
            }
            String jwks = value(GTR_JWKS_URL);
            if (jwks != null && !isHttpUrl(jwks)) {
                malformed.add(GTR_JWKS_URL + " must be an http(s) URL such as https://example.okta.com/oauth2/v1/keys");
            }
            String audience = value(GTR_AUDIENCE);
            if (audience == null) {
                malformed.add("Universal Logout (" + GTR_ISSUER + " set) needs " + GTR_AUDIENCE + ": the audience the "
                        + "identity provider puts in its tokens for this app, such as https://<your host>");
            }
            return Optional.of(new GtrSettings(issuer, jwks != null ? jwks : GtrSettings.defaultJwksUrl(issuer),
                    audience, maxPerMinute));
        }

        private static boolean isHttpUrl(String v) {
            try {
                URI uri = URI.create(v);
                return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** In OAuth mode the tokens come from the install; a leftover token variable is not used. */
        Secret ignoredInOAuthMode(String name) {
            if (value(name) != null) {
                LoggerFactory.getLogger(Settings.class).warn("{} is ignored in OAuth mode: the tokens come from the org's "
                        + "install at /slack/install", name);
            }
            return null;
        }

        private static boolean isBase64Of32Bytes(String v) {
            try {
                return Base64.getDecoder().decode(v).length == 32;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static boolean isRedirectUri(String v) {
            try {
                URI uri = URI.create(v);
                return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                        && "/slack/oauth_redirect".equals(uri.getPath()) && uri.getQuery() == null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        LogFormat logFormat() {
            String v = value(LOG_FORMAT);
            if (v == null || v.equalsIgnoreCase("text")) {
                return LogFormat.TEXT;
            }
            if (v.equalsIgnoreCase("json")) {
                return LogFormat.JSON;
            }
            malformed.add(LOG_FORMAT + " must be text or json");
            return LogFormat.TEXT;
        }

        void failIfAnyProblem() {
            List<String> lines = new ArrayList<>();
            if (!missing.isEmpty()) {
                lines.add("Missing required environment variable" + (missing.size() > 1 ? "s" : "") + ": "
                        + String.join(", ", missing));
            }
            lines.addAll(malformed);
            if (!lines.isEmpty()) {
                throw new ConfigException("Session Guard cannot start. " + String.join("; ", lines) + ".");
            }
        }
    }
}
