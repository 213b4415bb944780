package dev.sessionguard.bulk;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Slack that answers {@code resetBulk} like the real one and records every call: {@code failed_for_some_users}
 * for any call holding a bad user, that user's own error when they are sent alone, else ok.
 */
final class FakeBulkApi implements BulkApi {

    private final List<List<String>> calls = new ArrayList<>();
    private final List<ResetScope> scopes = new ArrayList<>();
    private final Map<String, String> badUsers = new HashMap<>();
    private Function<List<String>, String> wholeCallError = ids -> null;

    /** {@code userId} fails with {@code error} when sent alone, and makes any bigger call {@code failed_for_some_users}. */
    FakeBulkApi bad(String userId, String error) {
        badUsers.put(userId, error);
        return this;
    }

    /** An error for a whole call (null: answer as usual), e.g. {@code invalid_auth} for the third call. */
    FakeBulkApi wholeCallError(Function<List<String>, String> error) {
        wholeCallError = error;
        return this;
    }

    @Override
    public SlackResult<?> resetBulk(List<String> userIds, ResetScope scope) {
        calls.add(List.copyOf(userIds));
        scopes.add(scope);
        String whole = wholeCallError.apply(userIds);
        if (whole != null) {
            return failed(whole);
        }
        if (userIds.size() == 1 && badUsers.containsKey(userIds.get(0))) {
            return failed(badUsers.get(userIds.get(0)));
        }
        if (userIds.stream().anyMatch(badUsers::containsKey)) {
            return failed(BulkSender.FAILED_FOR_SOME_USERS);
        }
        return new SlackResult<>(null, null, 0, false, 1);
    }

    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    List<ResetScope> scopes() {
        return List.copyOf(scopes);
    }

    /** W0000000000, W0000000001, … */
    static List<String> people(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(person(i));
        }
        return ids;
    }

    static String person(int i) {
        return String.format("W%010d", i);
    }

    private static SlackResult<?> failed(String error) {
        return new SlackResult<>(null, error, 0, false, 1);
    }
}
