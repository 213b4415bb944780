package dev.sessionguard.config;

/** Configuration that cannot start the app. The message is safe to print: it names variables, never values. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
