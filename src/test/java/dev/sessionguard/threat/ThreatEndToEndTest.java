package dev.sessionguard.threat;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.BREAK_GLASS;
import static dev.sessionguard.support.Org.CAROL;
import static dev.sessionguard.support.Org.MEMBER;
import static dev.sessionguard.support.Org.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.console.ConsoleModal;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Threat response from end to end: Slack's Audit Logs API (the fake's) logs anomalies, the app reads them every
 * 5 seconds and posts one card a person and 15 minutes in the audit channel, and the cards' buttons act through the
 * same gate, write-ahead trail and limits as every sign-out.
 */
class ThreatEndToEndTest extends EndToEnd {

    /** A read every 5 s (the least allowed), and the card posted as soon as the entry is filed. */
    static final Duration CARD_WAIT = Duration.ofSeconds(5 + 10);
    static final String HOSTILE_UA = "Mozilla/5.0 <!channel> <@W0000ADMIN> <https://evil.example/x|click here> "
            + "`code` *bold* evil.example";

    private Map<String, String> env;

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        env = slack.auditLogs().configure(TestApp.environment(slack));
        env.put(ThreatSettings.POLL_SECONDS, "5");
        env.put(GuardSettings.PROTECTED_USERS, BREAK_GLASS);
        return env;
    }

    @Test
    void anAnomalyBecomesOneEscapedCardWithItsButtons() {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("session_fingerprint", "tor"))
                .ua(HOSTILE_UA).location("Lisbon <!here>, Portugal").ip("203.0.113.9").sessionId("8814457");

        RecordedCall card = awaitCard(ALICE);
        String blocks = blocks(card);
        assertThat(card.param("text")).contains("anomaly").contains("<@" + ALICE + ">")
                .doesNotContain("Mozilla").doesNotContain("Lisbon");
        assertThat(blocks).contains("Unusual activity for <@" + ALICE + ">")
                .contains("the session cookie was used from a new device").contains("the session was used over Tor")
                .contains("203.0.113.9").contains("8814457").contains("Lisbon")
                .contains("Sign out everywhere").contains("Inspect sessions").contains("Dismiss")
                .doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@W0000ADMIN>")
                .doesNotContain("<https://evil");
        assertThat(adminResets()).isEmpty(); // nothing is done without a press (the automatic response is off)
        assertThat(slack.auditLogs().requests().get(0).token()).isEqualTo(ThreatSettingsTokens.OWNER);
        assertThat(slack.auditLogs().requests().get(0).param("action"))
                .isEqualTo("anomaly,user_sessions_reset_by_anomaly_event_response");
    }

    @Test
    void anomaliesOfOnePersonWithinFifteenMinutesUpdateOneCard() {
        Instant first = Instant.now().minusSeconds(600);
        slack.auditLogs().anomaly(ALICE, first, List.of("asn"));
        RecordedCall card = awaitCard(ALICE);
        String ts = ts(card);

        slack.auditLogs().anomaly(ALICE, first.plusSeconds(300), List.of("ip_address", "asn"));
        slack.auditLogs().anomaly(BOB, first.plusSeconds(300), List.of("user_agent"));
        RecordedCall updated = slack.awaitCall("chat.update", c -> ts.equals(c.param("ts"))
                && blocks(c).contains("2 anomalies"), CARD_WAIT);
        assertThat(blocks(updated)).contains("new network (ASN)").contains("new IP address");
        awaitCard(BOB);
        waitReads(2);
        assertThat(cards(ALICE)).hasSize(1);
        assertThat(cards(BOB)).hasSize(1);
    }

    @Test
    void aRestartNeitherRepeatsACardNorMissesAnEntry() throws Exception {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(30), List.of("tor"));
        awaitCard(ALICE);
        app.close();
        app = null;
        // Logged while no instance was reading.
        slack.auditLogs().anomaly(CAROL, Instant.now().minusSeconds(5), List.of("asn"));
        app = TestApp.start(env);

        awaitCard(CAROL);
        waitReads(2);
        assertThat(cards(ALICE)).hasSize(1);
        assertThat(cards(CAROL)).hasSize(1);
    }

    @Test
    void signOutEverywhereSignsThePersonOutAndSaysWhoDidItOnTheCard() {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("session_fingerprint"));
        RecordedCall card = awaitCard(ALICE);

        app.slack().interactivity(Press.messageButton(ADMIN, card, ts(card), AnomalyCardMessage.SIGN_OUT));

        RecordedCall reset = slack.awaitCall("admin.users.session.reset", WAIT);
        assertThat(reset.param("user_id")).isEqualTo(ALICE);
        assertThat(reset.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        assertThat(reset.param("mobile_only")).isNotEqualTo("true");
        assertThat(reset.param("web_only")).isNotEqualTo("true");
        RecordedCall updated = awaitUpdate(card, c -> blocks(c).contains("Signed out everywhere* by <@"
                + ADMIN + ">"));
        assertThat(blocks(updated)).doesNotContain(AnomalyCardMessage.SIGN_OUT)
                .contains(AnomalyCardMessage.INSPECT);
        RecordedCall told = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("<@" + ALICE + ">");

        // A second press on the stale card does nothing new.
        app.slack().interactivity(Press.messageButton(ADMIN, card, ts(card), AnomalyCardMessage.SIGN_OUT));
        slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel"))
                && c.param("text").contains("already signed"), WAIT);
        assertThat(adminResets()).hasSize(1);
    }

    @Test
    void aProtectedAccountOrThePrimaryOwnerIsNeverSignedOutFromACard() {
        Instant at = Instant.now().minusSeconds(20);
        slack.auditLogs().anomaly(BREAK_GLASS, at, List.of("tor"));
        slack.auditLogs().anomaly(PRIMARY, at, List.of("tor"));
        RecordedCall glass = awaitCard(BREAK_GLASS);
        RecordedCall primary = awaitCard(PRIMARY);

        app.slack().interactivity(Press.messageButton(ADMIN, glass, ts(glass), AnomalyCardMessage.SIGN_OUT));
        app.slack().interactivity(Press.messageButton(ADMIN, primary, ts(primary), AnomalyCardMessage.SIGN_OUT));

        assertThat(blocks(awaitUpdate(glass, c -> blocks(c).contains("tried Sign out everywhere"))))
                .contains("protected").contains(AnomalyCardMessage.SIGN_OUT);
        assertThat(blocks(awaitUpdate(primary, c -> blocks(c).contains("tried Sign out everywhere"))))
                .contains("Primary Owner");
        assertThat(adminResets()).isEmpty();
    }

    @Test
    void aMembersPressIsRefusedAuditedAndChangesNothing() {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("tor"));
        RecordedCall card = awaitCard(ALICE);

        app.slack().interactivity(Press.messageButton(MEMBER, card, ts(card), AnomalyCardMessage.SIGN_OUT));

        RecordedCall refusal = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("Refused") && c.param("text").contains(MEMBER), WAIT);
        assertThat(refusal.param("text")).contains("anomaly card");
        RecordedCall told = slack.awaitCall("chat.postMessage", c -> MEMBER.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("Nothing was changed");
        assertThat(adminResets()).isEmpty();
        assertThat(slack.calls("chat.update").stream().filter(c -> ts(card).equals(c.param("ts")))
                .filter(c -> blocks(c).contains("Signed out everywhere*"))).isEmpty();
    }

    @Test
    void aPressOnAnotherMessageThanTheCardsOwnIsRefusedAndAudited() {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("tor"));
        RecordedCall card = awaitCard(ALICE);

        app.slack().interactivity(Press.messageButton(ADMIN, card, "1699999999.999900", AnomalyCardMessage.SIGN_OUT));

        RecordedCall told = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("not on the anomaly card's own message").contains("Nothing was changed");
        slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && blocks(c).contains("not_its_message"), WAIT);
        assertThat(adminResets()).isEmpty();
    }

    @Test
    void dismissRecordsWhoDismissedItAndInspectOpensTheConsoleForThePerson() {
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("asn"));
        RecordedCall card = awaitCard(ALICE);

        app.slack().interactivity(Press.messageButton(ADMIN, card, ts(card), AnomalyCardMessage.INSPECT));
        RecordedCall console = awaitModal(ConsoleModal.CALLBACK_ID);
        assertThat(console.param("view")).contains(ALICE);

        app.slack().interactivity(Press.messageButton(ADMIN, card, ts(card), AnomalyCardMessage.DISMISS));
        RecordedCall dismissed = awaitUpdate(card, c -> blocks(c).contains("Dismissed* by <@" + ADMIN + ">"));
        assertThat(blocks(dismissed)).doesNotContain(AnomalyCardMessage.SIGN_OUT)
                .doesNotContain(AnomalyCardMessage.DISMISS);
        assertThat(adminResets()).isEmpty();
    }

    @Test
    void whenSlackAlreadyEndedTheSessionsTheCardSaysSoAndOffersNoSignOut() {
        Instant at = Instant.now().minusSeconds(30);
        slack.auditLogs().anomaly(ALICE, at, List.of("session_fingerprint"));
        slack.auditLogs().slackReset(ALICE, at.plusSeconds(2));

        RecordedCall card = awaitCard(ALICE);
        RecordedCall latest = Await.value(WAIT, () -> {
            RecordedCall now = latest(card);
            return blocks(now).contains("Slack already ended") ? now : null;
        }, () -> "the card to say Slack already acted");
        assertThat(blocks(latest)).contains("Slack already ended <@" + ALICE
                + ">'s sessions (anomaly event response)").doesNotContain(AnomalyCardMessage.SIGN_OUT);
        assertThat(cards(ALICE)).hasSize(1);
    }

    @Test
    void aRateLimitAndAnOutageLoseNothing() {
        slack.auditLogs().rateLimitNext(1, 1).failNext(2, 503);
        slack.auditLogs().anomaly(ALICE, Instant.now().minusSeconds(20), List.of("tor"));

        awaitCard(ALICE);
        List<Instant> at = slack.auditLogs().requests().stream().map(r -> r.at()).toList();
        assertThat(at.size()).isGreaterThanOrEqualTo(4);
        // Slack's Retry-After of 1 s was waited out before the next try.
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        waitReads(1);
        assertThat(cards(ALICE)).hasSize(1);
    }

    private static final class ThreatSettingsTokens {
        static final String OWNER = dev.sessionguard.support.FakeAuditLogs.OWNER_TOKEN;
    }

    // --- helpers

    /** Every string of a message's blocks as Slack reads them (the SDK's Gson writes {@code <} as {@code \\u003c}). */
    private static String blocks(RecordedCall message) {
        return String.join("\n", dev.sessionguard.support.BlockKitJson.strings(message.jsonArrayParam("blocks")));
    }

    private List<RecordedCall> adminResets() {
        return slack.calls("admin.users.session.reset");
    }

    private List<RecordedCall> cards(String userId) {
        return slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("anomaly") && c.param("text").contains("<@" + userId + ">")).toList();
    }

    private RecordedCall awaitCard(String userId) {
        return Await.value(CARD_WAIT, () -> cards(userId).stream().findFirst().orElse(null),
                () -> "a card for " + userId + "; audit logs read " + slack.auditLogs().requests().size() + " times");
    }

    private String ts(RecordedCall post) {
        return Await.value(WAIT, () -> {
            FakeResponse answer = slack.answerTo(post);
            return answer == null ? null : JsonParser.parseString(answer.body()).getAsJsonObject().get("ts")
                    .getAsString();
        }, () -> "the card's ts");
    }

    private RecordedCall latest(RecordedCall card) {
        String ts = ts(card);
        List<RecordedCall> updates = slack.calls("chat.update").stream().filter(c -> ts.equals(c.param("ts"))).toList();
        return updates.isEmpty() ? card : updates.get(updates.size() - 1);
    }

    private RecordedCall awaitUpdate(RecordedCall card, Predicate<RecordedCall> match) {
        String ts = ts(card);
        return slack.awaitCall("chat.update", c -> ts.equals(c.param("ts")) && match.test(c), WAIT);
    }

    /** Waits for {@code more} reads of the logs after this moment. */
    private void waitReads(int more) {
        int before = slack.auditLogs().requests().size();
        Await.until(CARD_WAIT.multipliedBy(more), () -> slack.auditLogs().requests().size() >= before + more,
                () -> more + " more reads of the audit logs");
    }
}
