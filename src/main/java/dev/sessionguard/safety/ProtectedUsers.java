package dev.sessionguard.safety;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.text.Mrkdwn;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts Session Guard never signs out and whose session policy it never changes, such as the org's
 * break-glass accounts: locking those out in an incident would lock out the way back in. A plain value, read once
 * from {@code SESSION_GUARD_PROTECTED_USERS}; every path that acts on people asks it first.
 */
public final class ProtectedUsers {

    /** What the audit trail records as the reason a protected person was left alone. */
    public static final String ERROR_CODE = "protected_user";
    public static final ProtectedUsers NONE = new ProtectedUsers(Set.of());

    private static final String WHY = "this account is protected (SESSION_GUARD_PROTECTED_USERS), so Session Guard never ";

    private final Set<String> ids;

    private ProtectedUsers(Set<String> ids) {
        this.ids = ids;
    }

    /** @throws IllegalArgumentException if any entry is not a Slack user ID */
    public static ProtectedUsers of(Collection<String> userIds) {
        for (String id : userIds) {
            if (!Mrkdwn.isUserId(id)) {
                throw new IllegalArgumentException("not a Slack user ID: " + id);
            }
        }
        return new ProtectedUsers(Collections.unmodifiableSet(new LinkedHashSet<>(userIds)));
    }

    public boolean isProtected(String userId) {
        return userId != null && ids.contains(userId);
    }

    public Set<String> ids() {
        return ids;
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    /** The protected ones among {@code userIds}, in their order. */
    public List<String> among(Collection<String> userIds) {
        return userIds.stream().filter(this::isProtected).distinct().toList();
    }

    /** Why a protected person was not signed out, for the admin and the audit trail. */
    public static TargetResult notSignedOut(String userId) {
        return new TargetResult(userId, TargetResult.Status.NOT_ATTEMPTED, ERROR_CODE, signOutWords());
    }

    /** Why a protected person's session policy was not changed, for the admin and the audit trail. */
    public static TargetResult policyNotChanged(String userId) {
        return new TargetResult(userId, TargetResult.Status.NOT_ATTEMPTED, ERROR_CODE,
                "Not changed: " + WHY + "changes its session policy.");
    }

    /** "Not attempted: this account is protected (SESSION_GUARD_PROTECTED_USERS), so Session Guard never signs it out." */
    public static String signOutWords() {
        return "Not attempted: " + WHY + "signs it out.";
    }

    @Override
    public String toString() {
        return "ProtectedUsers" + ids;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectedUsers other && ids.equals(other.ids);
    }

    @Override
    public int hashCode() {
        return ids.hashCode();
    }
}
