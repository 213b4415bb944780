package dev.sessionguard.slackapi;

import java.util.Arrays;
import java.util.Optional;

/** How long a Slack session may last before the person must sign in again: Slack accepts 8 hours to 10 years. */
public record SessionDuration(int seconds) {

    /** 8 hours. */
    public static final int MIN_SECONDS = 28_800;
    /** 10 years of 365.2425 days. */
    public static final int MAX_SECONDS = 315_569_520;
    public static final int MIN_HOURS = MIN_SECONDS / 3600;
    /** The most whole hours that still fit under {@link #MAX_SECONDS}. */
    public static final int MAX_HOURS = MAX_SECONDS / 3600;

    public SessionDuration {
        if (!inBounds(seconds)) {
            throw new IllegalArgumentException("session duration " + seconds + " s is outside " + MIN_SECONDS
                    + " to " + MAX_SECONDS + " s");
        }
    }

    public static boolean inBounds(long seconds) {
        return seconds >= MIN_SECONDS && seconds <= MAX_SECONDS;
    }

    public static Optional<SessionDuration> ofSeconds(long seconds) {
        return inBounds(seconds) ? Optional.of(new SessionDuration((int) seconds)) : Optional.empty();
    }

    /** Short words: "8 h", "1 d", "30 d"; an odd length in seconds as it is. */
    public static String words(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + " d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return String.format("%,d s", seconds);
    }

    public String words() {
        return words(seconds);
    }

    /** The choices the policy form offers besides a custom number of hours. */
    public enum Preset {
        HOURS_8("8 hours", 8 * 3600),
        HOURS_12("12 hours", 12 * 3600),
        DAY_1("1 day", 86_400),
        DAYS_7("7 days", 7 * 86_400),
        DAYS_30("30 days", 30 * 86_400);

        private final String label;
        private final int seconds;

        Preset(String label, int seconds) {
            this.label = label;
            this.seconds = seconds;
        }

        public String label() {
            return label;
        }

        public SessionDuration duration() {
            return new SessionDuration(seconds);
        }

        /** The option value in the form. */
        public String value() {
            return Integer.toString(seconds);
        }

        public static Optional<Preset> fromValue(String value) {
            return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
        }

        public static Optional<Preset> of(long seconds) {
            return Arrays.stream(values()).filter(p -> p.seconds == seconds).findFirst();
        }
    }
}
