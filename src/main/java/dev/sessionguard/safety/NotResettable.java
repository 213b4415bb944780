package dev.sessionguard.safety;

import dev.sessionguard.slackapi.SlackUser;
import java.util.Optional;

/**
 * People Slack refuses to sign out anyway. Saying so up front is clearer than an error code; the single
 * reset and the bulk target list both ask here, so they never disagree.
 */
public enum NotResettable {
    PRIMARY_OWNER("primary_owner", "they are the org's Primary Owner, whose sessions Slack never resets."),
    BOT("bot", "this is a bot or app, which has no sessions to reset."),
    DEACTIVATED("deactivated", "this account is deactivated, so it has no sessions to end.");

    private final String code;
    private final String words;

    NotResettable(String code, String words) {
        this.code = code;
        this.words = words;
    }

    public static Optional<NotResettable> why(SlackUser u) {
        if (u.primaryOwner()) {
            return Optional.of(PRIMARY_OWNER);
        }
        if (u.bot()) {
            return Optional.of(BOT);
        }
        if (u.deactivated()) {
            return Optional.of(DEACTIVATED);
        }
        return Optional.empty();
    }

    public String code() {
        return code;
    }

    public String words() {
        return words;
    }
}
