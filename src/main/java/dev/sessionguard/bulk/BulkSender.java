package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.reset.ResetScope;
import dev.sessionguard.slack.SlackErrors;
import dev.sessionguard.slack.SlackResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one chunk with {@code resetBulk} and gives one outcome per person. Slack's {@code failed_for_some_users}
 * does not say who, so the chunk is split in halves and only failing halves are split again, down to single people,
 * whose own error Slack then names. Resending people already queued is harmless (a reset is idempotent); each failing
 * person costs at most two calls per halving, 2·⌈log₂ n⌉ in all for a chunk of n.
 */
public final class BulkSender {

    /** Slack queued some of the people in the call and not others, without saying which. */
    public static final String FAILED_FOR_SOME_USERS = "failed_for_some_users";

    private final BulkApi api;

    public BulkSender(BulkApi api) {
        this.api = api;
    }

    /** @return one outcome per person, in the chunk's order */
    public List<TargetResult> send(List<String> chunk, ResetScope scope) {
        List<TargetResult> out = new ArrayList<>(chunk.size());
        if (!chunk.isEmpty()) {
            settle(chunk, api.resetBulk(chunk, scope), scope, out);
        }
        return List.copyOf(out);
    }

    /** "Queued", never "signed out": {@code ok} only means Slack took the job on. */
    public static String queuedWords(ResetScope scope) {
        return switch (scope) {
            case ALL -> "Queued with Slack to sign out of all sessions";
            case WEB -> "Queued with Slack to sign out of web sessions";
            case MOBILE -> "Queued with Slack to sign out of mobile sessions";
        };
    }

    private void settle(List<String> ids, SlackResult<?> answer, ResetScope scope, List<TargetResult> out) {
        if (answer.ok()) {
            ids.forEach(id -> out.add(new TargetResult(id, Status.DONE, null, queuedWords(scope))));
        } else if (FAILED_FOR_SOME_USERS.equals(answer.error()) && ids.size() > 1) {
            narrow(ids, scope, out);
        } else {
            String words = failureWords(answer);
            ids.forEach(id -> out.add(new TargetResult(id, Status.FAILED, answer.error(), words)));
        }
    }

    /** {@code ids} (two or more) hold at least one person Slack failed on. */
    private void narrow(List<String> ids, ResetScope scope, List<TargetResult> out) {
        List<String> left = ids.subList(0, ids.size() / 2);
        List<String> right = ids.subList(ids.size() / 2, ids.size());
        SlackResult<?> leftAnswer = api.resetBulk(left, scope);
        settle(left, leftAnswer, scope, out);
        if (leftAnswer.ok() && right.size() > 1) {
            // The failure must be on the right: skip the call that would only say so.
            narrow(right, scope, out);
        } else {
            settle(right, api.resetBulk(right, scope), scope, out);
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
