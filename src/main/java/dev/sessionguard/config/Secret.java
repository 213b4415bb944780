package dev.sessionguard.config;

/** A secret value that never shows itself in logs, exceptions or {@code toString}. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The raw value, for the one place that must send it to Slack. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
