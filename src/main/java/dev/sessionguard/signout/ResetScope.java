package dev.sessionguard.signout;

import java.util.Arrays;
import java.util.Optional;

/** Which of a person's sessions to end. */
public enum ResetScope {
    ALL("all", "All sessions", "Signed out of all sessions", false, false),
    WEB("web", "Web only", "Signed out of web sessions", true, false),
    MOBILE("mobile", "Mobile only", "Signed out of mobile sessions", false, true);

    private final String value;
    private final String label;
    private final String doneWords;
    private final boolean webOnly;
    private final boolean mobileOnly;

    ResetScope(String value, String label, String doneWords, boolean webOnly, boolean mobileOnly) {
        this.value = value;
        this.label = label;
        this.doneWords = doneWords;
        this.webOnly = webOnly;
        this.mobileOnly = mobileOnly;
    }

    /** The option value in the modal and the keyword in the command. */
    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    public String doneWords() {
        return doneWords;
    }

    public boolean webOnly() {
        return webOnly;
    }

    public boolean mobileOnly() {
        return mobileOnly;
    }

    public static Optional<ResetScope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equalsIgnoreCase(value)).findFirst();
    }
}
