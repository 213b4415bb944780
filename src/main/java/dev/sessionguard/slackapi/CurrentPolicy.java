package dev.sessionguard.slackapi;


/**
 * One person's session policy as {@code admin.users.session.getSettings} reported it.
 *
 * @param durationSeconds the duration Slack reported, or null when none is set
 * @param closeOnQuit     "sign out when the desktop app or browser closes", or null when none is set
 * @param error           Slack's error code when the policy could not be read, else null
 */
public record CurrentPolicy(String userId, Kind kind, Integer durationSeconds, Boolean closeOnQuit, String error) {

    public enum Kind {
        /** The person has a policy of their own. */
        SET,
        /** Slack listed them in {@code no_settings_applied}: the org's default applies. */
        ORG_DEFAULT,
        /** Slack answered, but said nothing about them (its docs: people without active sessions are left out). */
        NOT_RETURNED,
        /** Slack could not be asked; see {@link #error()}. */
        UNKNOWN
    }

    public static CurrentPolicy set(String userId, Integer durationSeconds, Boolean closeOnQuit) {
        return new CurrentPolicy(userId, Kind.SET, durationSeconds, closeOnQuit, null);
    }

    public static CurrentPolicy orgDefault(String userId) {
        return new CurrentPolicy(userId, Kind.ORG_DEFAULT, null, null, null);
    }

    public static CurrentPolicy notReturned(String userId) {
        return new CurrentPolicy(userId, Kind.NOT_RETURNED, null, null, null);
    }

    public static CurrentPolicy unknown(String userId, String error) {
        return new CurrentPolicy(userId, Kind.UNKNOWN, null, null, error);
    }

    /** The duration in short words, as the audit trail shows old and new values. */
    public String durationWords() {
        return switch (kind) {
            case SET -> durationSeconds == null ? "org default" : SessionDuration.words(durationSeconds);
            case ORG_DEFAULT -> "org default";
            case NOT_RETURNED -> "not reported";
            case UNKNOWN -> "unknown";
        };
    }

    public String closeOnQuitWords() {
        return switch (kind) {
            case SET -> closeOnQuit == null ? "org default" : closeOnQuit ? "on" : "off";
            case ORG_DEFAULT -> "org default";
            case NOT_RETURNED -> "not reported";
            case UNKNOWN -> "unknown";
        };
    }

    /** A sentence for the admin. */
    public String words() {
        return switch (kind) {
            case SET -> "session duration " + durationWords() + "; sign out when the app or browser closes: "
                    + closeOnQuitWords();
            case ORG_DEFAULT -> "no policy of their own: the org's default applies";
            case NOT_RETURNED -> "Slack reported no policy (it leaves out people without active sessions)";
            case UNKNOWN -> "could not be read";
        };
    }
}
