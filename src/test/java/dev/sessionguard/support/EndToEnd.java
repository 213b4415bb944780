package dev.sessionguard.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Base of the end-to-end tests: before each test a {@link FakeSlack} that knows the {@link Org}'s people and the
 * real app ({@link TestApp}) pointed at it; after it, both closed. A test sends signed requests through
 * {@code app.slack()} and looks at what the app asked of Slack in {@code slack}. Tests that need another
 * environment for every test override {@link #environment}; those that need one for a single test (Socket Mode,
 * a separate process) start their own instead.
 */
@Tag("slow")
public abstract class EndToEnd {

    /** How long to wait for the work the app does after acking. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected FakeSlack slack;
    protected TestApp app;

    @BeforeEach
    protected final void startSlackAndApp() {
        slack = Org.register(FakeSlack.start());
        app = TestApp.start(environment(slack));
    }

    /** The app's environment; a test class that needs other settings for every test adds them here. */
    protected Map<String, String> environment(FakeSlack slack) {
        return TestApp.environment(slack);
    }

    @AfterEach
    protected final void stopAppAndSlack() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            slack.close();
        }
    }

    /**
     * The first action's message in the audit channel as it finally reads: the post, or, when the post said the
     * action was in progress (written ahead), the {@code chat.update} that replaced it with the outcome.
     */
    protected RecordedCall awaitAudit() {
        return finalVersion(slack, slack.awaitCall("chat.postMessage",
                c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")), WAIT));
    }

    /** {@code post}, or the {@code chat.update} of the same message once its action closed. */
    public static RecordedCall finalVersion(FakeSlack slack, RecordedCall post) {
        if (!post.param("text").contains(" — In progress")) {
            return post;
        }
        String ts = Await.value(WAIT, () -> {
            FakeResponse answer = slack.answerTo(post);
            return answer == null ? null : com.google.gson.JsonParser.parseString(answer.body()).getAsJsonObject()
                    .get("ts").getAsString();
        }, () -> "the fake's answer to the audit post");
        return slack.awaitCall("chat.update", c -> ts.equals(c.param("ts"))
                && TestApp.AUDIT_CHANNEL.equals(c.param("channel")), WAIT);
    }

    /** The {@code views.update} that shows the modal with {@code callbackId}. */
    protected RecordedCall awaitModal(String callbackId) {
        return awaitModal(callbackId, c -> true);
    }

    /** The {@code views.update} that shows the modal with {@code callbackId} and matches. */
    protected RecordedCall awaitModal(String callbackId, Predicate<RecordedCall> match) {
        return slack.awaitCall("views.update",
                c -> callbackId.equals(c.jsonParam("view").get("callback_id").getAsString()) && match.test(c), WAIT);
    }

    /** The {@code admin.*} calls so far: everything that could sign someone out or change their policy. */
    protected List<RecordedCall> adminCalls() {
        return slack.calls().stream().filter(c -> c.method().startsWith("admin.")).toList();
    }

    /** Every string in the view as Slack reads it (the SDK's Gson writes {@code <} as {@code \\u003c}). */
    protected static String texts(RecordedCall call) {
        return String.join("\n", BlockKitJson.strings(call.jsonParam("view")));
    }

    /** A boolean parameter as 1 or 0: the SDK sends booleans as 0/1 and Slack accepts both spellings. */
    protected static String flag(String value) {
        return "true".equals(value) || "1".equals(value) ? "1" : "0";
    }
}
