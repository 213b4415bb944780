package dev.sessionguard.bulk;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.config.Settings;
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
import org.junit.jupiter.api.Test;

/** A request nobody approves within SESSION_GUARD_APPROVAL_TTL_SECONDS expires: its message says so, and nothing runs. */
class BulkExpiryEndToEndTest extends EndToEnd {

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(Settings.APPROVAL_TTL_SECONDS, "1");
        env.put(Settings.APPROVAL_THRESHOLD, "2");
        return env;
    }

    @Test
    void anUnapprovedRequestExpiresSaysExpiredAndCanNoLongerBeApproved() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, "bulk"));
        RecordedCall form = awaitModal(BulkModal.CALLBACK_ID, c -> texts(c).contains("Preview"));
        StateValues state = new StateValues()
                .users(BulkModal.PEOPLE_BLOCK, BulkModal.PEOPLE_ACTION, List.of("W0000ALICE", "W0000BOB", "W0000CAROL"))
                .option(BulkModal.SCOPE_BLOCK, BulkModal.SCOPE_ACTION, "radio_buttons", "web")
                .text(BulkModal.REASON_BLOCK, BulkModal.REASON_ACTION, "plain_text_input", "phished");
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, BulkModal.CALLBACK_ID, form.param("view_id"),
                state.json(), ""));
        RecordedCall preview = awaitModal(BulkModal.PREVIEW_CALLBACK_ID);
        assertThat(texts(preview)).contains("approval");
        JsonObject view = preview.jsonParam("view");
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, BulkModal.PREVIEW_CALLBACK_ID,
                preview.param("view_id"), new JsonObject(), view.get("private_metadata").getAsString()));

        RecordedCall request = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("bulk sign-out"), WAIT);
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
}
