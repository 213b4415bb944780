package dev.sessionguard.console;

import java.time.Duration;
import java.util.Collection;

/**
 * What the app itself rendered for each admin, so that a button press is acted on only when it names something
 * that admin was shown. Slack sends a button's value back as the client chooses; this is the app's own memory of
 * what it put there. Each feature names its own kinds and keys.
 */
public interface ShownItems {

    /** Remembers that {@code keys} of {@code kind} were shown to {@code adminId}, for {@code ttl} from now. */
    void remember(String adminId, String kind, Collection<String> keys, Duration ttl);

    /** Whether {@code key} of {@code kind} was shown to {@code adminId} and has not expired. */
    boolean wasShown(String adminId, String kind, String key);
}
