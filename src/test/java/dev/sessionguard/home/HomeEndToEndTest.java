package dev.sessionguard.home;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.console.ConsoleModal;
import dev.sessionguard.policy.PolicyModal;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The App Home end to end: app_home_opened in, views.publish out, and the Home's buttons. */
class HomeEndToEndTest extends EndToEnd {

    @Test
    void adminSeesTheThreeToolsAndTheLastActionsThisAppPerformed() {
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "lost laptop"));
        awaitAudit();

        HttpResponse<String> ack = app.slack().event(SlackRequests.appHomeOpened(ADMIN));

        assertThat(ack.statusCode()).isEqualTo(200);
        RecordedCall publish = slack.awaitCall("views.publish", WAIT);
        assertThat(publish.token()).isEqualTo(TestApp.BOT_TOKEN);
        assertThat(publish.param("user_id")).isEqualTo(ADMIN);
        JsonObject view = publish.jsonParam("view");
        assertThat(view.get("type").getAsString()).isEqualTo("home");
        assertThat(buttonTexts(view)).containsExactly("Reset sessions…", "Inspect sessions…", "Session policy…", "Bulk sign-out…");
        assertThat(texts(publish)).contains("*Recent actions*")
                .contains("<@" + ADMIN + "> session reset — Succeeded: <@" + ALICE + ">");
    }

    @Test
    void adminHomeShowsAtMostTenActions() {
        for (int i = 0; i < 12; i++) {
            app.slack().interactivity(ResetPayloads.submission(MEMBER, List.of(ALICE), "all", "try " + i));
        }
        slack.awaitCalls("chat.postMessage", 12, WAIT);

        app.slack().event(SlackRequests.appHomeOpened(ADMIN));

        String texts = texts(slack.awaitCall("views.publish", WAIT));
        assertThat(texts.split("session reset refused", -1)).hasSize(HomeView.RECENT + 1);
    }

    @Test
    void memberSeesOneLineAboutTheAppAndNoData() {
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "lost laptop"));
        awaitAudit();

        app.slack().event(SlackRequests.appHomeOpened(MEMBER));

        RecordedCall publish = slack.awaitCall("views.publish", WAIT);
        assertThat(publish.param("user_id")).isEqualTo(MEMBER);
        JsonArray blocks = publish.jsonParam("view").getAsJsonArray("blocks");
        assertThat(blocks).hasSize(1);
        assertThat(BlockKitJson.sectionTexts(blocks).get(0)).contains("Session Guard").contains("Only Org Owners and Org Admins");
        assertThat(texts(publish)).doesNotContain(ALICE).doesNotContain("lost laptop");
        assertThat(buttonTexts(publish.jsonParam("view"))).isEmpty();
    }

    @Test
    void messagesTabPublishesNothing() {
        JsonObject event = SlackRequests.appHomeOpened(ADMIN);
        event.getAsJsonObject("event").addProperty("tab", "messages");

        assertThat(app.slack().event(event).statusCode()).isEqualTo(200);
        app.slack().event(SlackRequests.appHomeOpened(MEMBER));

        assertThat(slack.awaitCall("views.publish", WAIT).param("user_id")).isEqualTo(MEMBER);
        assertThat(slack.calls("views.publish")).hasSize(1);
    }

    @Test
    void eachHomeButtonOpensItsModal() {
        app.slack().event(SlackRequests.appHomeOpened(ADMIN));
        RecordedCall home = slack.awaitCall("views.publish", WAIT);

        app.slack().interactivity(Press.button(ADMIN, home, HomeView.RESET_ACTION));
        awaitModal(ResetModal.CALLBACK_ID);
        app.slack().interactivity(Press.button(ADMIN, home, HomeView.INSPECT_ACTION));
        awaitModal(ConsoleModal.PICK_CALLBACK_ID);
        app.slack().interactivity(Press.button(ADMIN, home, HomeView.POLICY_ACTION));
        awaitModal(PolicyModal.CALLBACK_ID);

        // From the Home tab there is no modal to push onto: each one is opened.
        assertThat(slack.calls("views.open")).hasSize(3);
        assertThat(slack.calls("views.push")).isEmpty();
    }

    @Test
    void homeButtonPressedByANonAdminIsRefusedAndAudited() {
        app.slack().event(SlackRequests.appHomeOpened(ADMIN));
        RecordedCall home = slack.awaitCall("views.publish", WAIT);

        // An admin's Home, still on screen after they lost the role.
        app.slack().interactivity(Press.button(MEMBER, home, HomeView.INSPECT_ACTION));

        slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("session console refused");
    }

    private static List<String> buttonTexts(JsonObject view) {
        List<String> out = new java.util.ArrayList<>();
        view.getAsJsonArray("blocks").forEach(b -> {
            JsonObject block = b.getAsJsonObject();
            if (block.has("elements") && "actions".equals(block.get("type").getAsString())) {
                block.getAsJsonArray("elements").forEach(e -> out.add(
                        e.getAsJsonObject().getAsJsonObject("text").get("text").getAsString()));
            }
        });
        return out;
    }
}
