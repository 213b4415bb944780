package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.safety.ProtectedUsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Sends one chunk with {@code resetBulk} and gives one outcome per person. Slack's {@code failed_for_some_users}
 * does not say who, so the chunk is split in halves and only failing halves are split again, down to single people,
 * whose own error Slack then names. Resending people already queued is harmless (a reset is idempotent); each failing
 * person costs at most two calls per halving, 2·⌈log₂ n⌉ in all for a chunk of n.
 *
 * <p>Narrowing down is capped per chunk ({@link #DEFAULT_EXTRA_CALLS}): at Tier 2 (about 20 calls a minute) a chunk
 * holding many people Slack refuses would otherwise hold back every later chunk of an incident for many minutes.
 * Whoever is still unresolved at the cap is FAILED with {@code failed_for_some_users}: not confirmed, send again.
 */
public final class BulkSender {

    /** Slack queued some of the people in the call and not others, without saying which. */
    public static final String FAILED_FOR_SOME_USERS = "failed_for_some_users";

    /** Enough to find two people in a chunk of 1,000 (2 × 20 calls), about two minutes at Tier 2. */
    public static final int DEFAULT_EXTRA_CALLS = 40;

    private final BulkApi api;
    private final int extraCalls;
    private final ProtectedUsers protectedUsers;

    public BulkSender(BulkApi api) {
        this(api, DEFAULT_EXTRA_CALLS, ProtectedUsers.NONE);
    }

    /**
     * @param extraCalls     the most calls, after the chunk's own, spent finding who Slack failed on
     * @param protectedUsers never sent, whatever the job holds: the list may have grown since the preview
     */
    public BulkSender(BulkApi api, int extraCalls, ProtectedUsers protectedUsers) {
        if (extraCalls < 0) {
            throw new IllegalArgumentException("extraCalls " + extraCalls);
        }
        this.api = api;
        this.extraCalls = extraCalls;
        this.protectedUsers = protectedUsers;
    }

    /** @return one outcome per person, in the chunk's order */
    public List<TargetResult> send(List<String> chunk, ResetScope scope) {
        List<String> sendable = chunk.stream().filter(id -> !protectedUsers.isProtected(id)).toList();
        Map<String, TargetResult> byPerson = new HashMap<>();
        if (!sendable.isEmpty()) {
            Narrowing n = new Narrowing(scope);
            n.settle(sendable, api.resetBulk(sendable, scope));
            n.out.forEach(t -> byPerson.put(t.userId(), t));
        }
        return chunk.stream().map(id -> byPerson.getOrDefault(id, ProtectedUsers.notSignedOut(id))).toList();
    }

    /** "Queued", never "signed out": {@code ok} only means Slack took the job on. */
    public static String queuedWords(ResetScope scope) {
        return switch (scope) {
            case ALL -> "Queued with Slack to sign out of all sessions";
            case WEB -> "Queued with Slack to sign out of web sessions";
            case MOBILE -> "Queued with Slack to sign out of mobile sessions";
        };
    }

    /** One chunk's outcomes as they are found, and the calls left to find them with. */
    private final class Narrowing {
        private final ResetScope scope;
        private final List<TargetResult> out = new ArrayList<>();
        private int callsLeft = extraCalls;

        Narrowing(ResetScope scope) {
            this.scope = scope;
        }

        void settle(List<String> ids, SlackResult<?> answer) {
            if (answer.ok()) {
                ids.forEach(id -> out.add(new TargetResult(id, Status.DONE, null, queuedWords(scope))));
            } else if (FAILED_FOR_SOME_USERS.equals(answer.error()) && ids.size() > 1) {
                narrow(ids);
            } else {
                String words = failureWords(answer);
                ids.forEach(id -> out.add(new TargetResult(id, Status.FAILED, answer.error(), words)));
            }
        }

        /** {@code ids} (two or more) hold at least one person Slack failed on. */
        private void narrow(List<String> ids) {
            if (callsLeft <= 0) {
                unconfirmed(ids);
                return;
            }
            List<String> left = ids.subList(0, ids.size() / 2);
            List<String> right = ids.subList(ids.size() / 2, ids.size());
            SlackResult<?> leftAnswer = call(left);
            settle(left, leftAnswer);
            if (leftAnswer.ok() && right.size() > 1) {
                // The failure must be on the right: skip the call that would only say so.
                narrow(right);
            } else if (callsLeft <= 0) {
                unconfirmed(right);
            } else {
                settle(right, call(right));
            }
        }

        private SlackResult<?> call(List<String> ids) {
            callsLeft--;
            return api.resetBulk(ids, scope);
        }

        private void unconfirmed(List<String> ids) {
            String words = "Not confirmed: Slack queued some people of this chunk and not others without saying who,"
                    + " and Session Guard stopped narrowing it down to keep the job moving. Sign them out again to be sure.";
            ids.forEach(id -> out.add(new TargetResult(id, Status.FAILED, FAILED_FOR_SOME_USERS, words)));
        }
    }

    private static String failureWords(SlackResult<?> answer) {
        String words = SlackErrors.describe(answer.error());
        if (answer.transientSeen() && !SlackErrors.isTransient(answer.error())) {
            words += " An earlier attempt hit a temporary Slack error and may have partly worked.";
        }
        return words;
    }
}
