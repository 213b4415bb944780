package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import java.util.List;

/**
 * What the reset modal opens with.
 *
 * @param note plain words shown above the form, or null
 */
public record Prefill(List<String> userIds, ResetScope scope, String reason, String note) {

    public static final Prefill EMPTY = new Prefill(List.of(), ResetScope.ALL, "", null);

    public Prefill {
        userIds = List.copyOf(userIds);
    }

    public static Prefill of(String userId) {
        return new Prefill(List.of(userId), ResetScope.ALL, "", null);
    }
}
