package dev.sessionguard.bulk;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.config.IncidentSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.StateValues;
import dev.sessionguard.support.TestApp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request nobody approves within SESSION_GUARD_APPROVAL_TTL_SECONDS expires: its message says so, and nothing runs. */
class BulkExpiryEndToEndTest extends EndToEnd {

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(IncidentSettings.APPROVAL_TTL_SECONDS, "1");
        env.put(IncidentSettings.APPROVAL_THRESHOLD, "2");
        return env;
    }

    @Test
    void anUnapprovedRequestExpiresSaysExpiredAndCanNoLongerBeApproved() {
        RecordedCall request = request(List.of("W0000ALICE", "W0000BOB", "W0000CAROL"));
        String ts = Await.value(WAIT, () -> slack.answerTo(request) == null ? null : JsonParser.parseString(
                slack.answerTo(request).body()).getAsJsonObject().get("ts").getAsString(), () -> "the post's ts");
        RecordedCall expired = slack.awaitCall("chat.update", c -> ts.equals(c.param("ts"))
                && c.param("text").contains("Expired"), WAIT);
        assertThat(expired.param("blocks")).contains("expired").doesNotContain(BulkJobMessage.APPROVE);

        app.slack().interactivity(Press.messageButton(OWNER, request, ts, BulkJobMessage.APPROVE));

        RecordedCall told = slack.awaitCall("chat.postMessage", c -> OWNER.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("expired").contains("nothing was sent");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aRequestExpiresOnTimeEvenWhileAnotherJobIsRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        slack.respond("admin.users.session.resetBulk", c -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slack.defaultAnswer(c);
        });
        request(List.of("W0000ALICE")); // no approval needed: runs, and hangs in Slack
        slack.awaitCall("admin.users.session.resetBulk", WAIT);

        RecordedCall waiting = request(List.of("W0000ALICE", "W0000BOB", "W0000CAROL"));
        String ts = Await.value(WAIT, () -> slack.answerTo(waiting) == null ? null : JsonParser.parseString(
                slack.answerTo(waiting).body()).getAsJsonObject().get("ts").getAsString(), () -> "the post's ts");

        try {
            Await.until(WAIT, () -> slack.calls("chat.update").stream().anyMatch(c -> ts.equals(c.param("ts")) && c.param("text").contains("Expired")), () -> ts + " " + slack.calls().stream().filter(c -> c.method().startsWith("chat.")).map(c -> c.method() + " " + c.param("channel") + " " + c.param("ts") + " " + c.param("text")).toList());
        } finally {
            release.countDown();
        }
    }

    /** Through the form and the preview: the job's first message in the audit channel. */
    private RecordedCall request(List<String> people) {
        java.util.Set<String> seen = new java.util.HashSet<>(auditPosts().stream().map(c -> c.param("text")
                .split(" — ")[0]).toList());
        int formsBefore = forms().size();
        app.slack().slashCommand(SlackRequests.command(ADMIN, "bulk"));
        RecordedCall form = Await.value(WAIT, () -> forms().size() > formsBefore ? forms().get(formsBefore) : null,
                () -> "the bulk form");
        StateValues state = new StateValues()
                .users(BulkModal.PEOPLE_BLOCK, BulkModal.PEOPLE_ACTION, people)
                .option(BulkModal.SCOPE_BLOCK, BulkModal.SCOPE_ACTION, "radio_buttons", "web")
                .text(BulkModal.REASON_BLOCK, BulkModal.REASON_ACTION, "plain_text_input", "phished");
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, BulkModal.CALLBACK_ID, form.param("view_id"),
                state.json(), ""));
        RecordedCall preview = slack.awaitCall("views.update", c -> BulkModal.PREVIEW_CALLBACK_ID.equals(
                c.jsonParam("view").get("callback_id").getAsString()) && c.param("view_id").equals(form.param("view_id")),
                WAIT);
        JsonObject view = preview.jsonParam("view");
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, BulkModal.PREVIEW_CALLBACK_ID,
                preview.param("view_id"), new JsonObject(), view.get("private_metadata").getAsString()));
        return Await.value(WAIT, () -> auditPosts().stream().filter(c -> !seen.contains(c.param("text").split(" — ")[0]))
                .findFirst().orElse(null), () -> "the job's message");
    }

    private List<RecordedCall> forms() {
        return slack.calls("views.update").stream().filter(c -> BulkModal.CALLBACK_ID.equals(
                c.jsonParam("view").get("callback_id").getAsString()) && texts(c).contains("Preview")).toList();
    }

    private List<RecordedCall> auditPosts() {
        return slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("bulk sign-out")).toList();
    }
}
