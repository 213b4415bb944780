package dev.sessionguard.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The one reader of environment variables. Each area's settings ({@link SlackSettings}, {@link GuardSettings},
 * {@link IncidentSettings}, {@link ServerSettings}, {@link OAuthSettings}, {@link GtrSettings}) reads its own
 * variables through it, next to their names; every problem is collected, and {@link #failIfAnyProblem} names them
 * all at once. Values are never echoed: any of them may be a secret pasted into the wrong variable.
 */
public final class Env {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** A Slack user ID, as {@code text.Mrkdwn} renders one as a mention. */
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern SHOWABLE_ENTRY = Pattern.compile("@?[A-Za-z0-9._-]{1,21}");

    private final Map<String, String> env;
    private final List<String> missing = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();

    public Env(Map<String, String> env) {
        this.env = env;
    }

    /** The variable's value without surrounding spaces, or null when it is unset or blank. */
    String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    boolean isSet(String name) {
        return value(name) != null;
    }

    /** A problem that is not one variable's format: said as given, in the start-up error. */
    void problem(String sentence) {
        malformed.add(sentence);
    }

    /** A variable that is set but not used in the current mode: a warning, never a failure. */
    void ignored(String name, String why) {
        if (isSet(name)) {
            LoggerFactory.getLogger(Settings.class).warn("{} is ignored{}", name, why);
        }
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
        return isSet(name) ? Optional.of(secret(name, prefix, expected)) : Optional.empty();
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

    Duration seconds(String name, int defaultValue, int min, int max) {
        return Duration.ofSeconds(integer(name, defaultValue, min, max));
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
        return List.copyOf(new LinkedHashSet<>(ids));
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

    /** An http(s) URL with a host, ending in a slash; {@code defaultValue} when unset. */
    String url(String name, String defaultValue) {
        String v = value(name);
        if (v == null) {
            return defaultValue;
        }
        if (isHttpUrl(v)) {
            return v.endsWith("/") ? v : v + "/";
        }
        malformed.add(name + " must be an http(s) URL such as " + defaultValue);
        return defaultValue;
    }

    static boolean isHttpUrl(String v) {
        try {
            URI uri = URI.create(v);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Throws one {@link ConfigException} naming every problem found so far. */
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

    /** The variables an area reads: each public static String constant of {@code area} that is a variable's name. */
    static List<String> variables(Class<?> area) {
        List<String> names = new ArrayList<>();
        for (Field f : area.getFields()) {
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
        return names;
    }
}
