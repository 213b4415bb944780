package dev.sessionguard.threat;

import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.threat.AnomalyCard.Handled;
import dev.sessionguard.threat.AnomalyCard.Kind;
import dev.sessionguard.threat.AnomalyCard.Sighting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An anomaly's card as Slack receives it, built from hand-made cards in every state. */
class AnomalyCardMessageTest {

    private static final String ID = "7K3M9QW2XR4T";
    private static final String ALICE = "W0000ALICE";
    private static final String BOB = "W0000BOB";
    private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant LAST = FIRST.plusSeconds(240);
    private static final Instant ACTED = FIRST.plusSeconds(600);
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0";
    private static final String LOCATION = "Lisbon, Portugal";
    private static final String IP = "203.0.113.7";
    private static final String SESSION = "8812345678";
    private static final String HOSTILE = "<!channel> <@W0000ADMIN> <https://evil.example|log in again> `code` *x*";

    private static Sighting seen(String ip, String ua, String location, String session) {
        return new Sighting("entry-2", LAST, ip, ua, location, session, null, null);
    }

    private static AnomalyCard card(List<String> reasons, Sighting seen, Instant slackReset, Handled handled,
            String note) {
        return new AnomalyCard(ID, ALICE, FIRST, LAST, 1, reasons, seen, 42, slackReset, handled, note, null);
    }

    private static AnomalyCard open() {
        return card(List.of("session_fingerprint"), seen(IP, UA, LOCATION, SESSION), null, null, null);
    }

    private static AnomalyCard handled(Kind kind, String by, String words) {
        return card(List.of("session_fingerprint"), seen(IP, UA, LOCATION, SESSION), null,
                new Handled(kind, by, ACTED, words), null);
    }

    private static JsonArray json(AnomalyCard card) {
        return tree(AnomalyCardMessage.blocks(card, "#42 · 9f2c…")).getAsJsonArray();
    }

    private static String rendered(AnomalyCard card) {
        return String.join("\n", strings(json(card)));
    }

    private static JsonObject actions(AnomalyCard card) {
        for (JsonElement b : json(card)) {
            if (b.getAsJsonObject().get("type").getAsString().equals("actions")) {
                return b.getAsJsonObject();
            }
        }
        throw new AssertionError("no actions block");
    }

    /** Each button as "action id = words (value)". */
    private static List<String> buttons(AnomalyCard card) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : actions(card).getAsJsonArray("elements")) {
            JsonObject b = e.getAsJsonObject();
            out.add(b.get("action_id").getAsString() + " = " + b.getAsJsonObject("text").get("text").getAsString()
                    + " (" + b.get("value").getAsString() + ")");
        }
        return out;
    }

    private static String signOut() {
        return AnomalyCardMessage.SIGN_OUT + " = Sign out everywhere (" + ID + ")";
    }

    private static String inspect() {
        return AnomalyCardMessage.INSPECT + " = Inspect sessions (" + ID + ")";
    }

    private static String dismiss() {
        return AnomalyCardMessage.DISMISS + " = Dismiss (" + ID + ")";
    }

    private static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} at {time}|" + at + ">";
    }

    @Test
    void theFallbackTextSaysUnusualActivityForWhomAndNothingTheClientChose() {
        String text = AnomalyCardMessage.text(open());

        assertThat(text).containsIgnoringCase("unusual").contains("anomaly", "<@W0000ALICE>", "open")
                .doesNotContain(UA, LOCATION, IP, SESSION, "Firefox", "Lisbon");
    }

    @Test
    void theFallbackTextSaysWhatEndedTheCard() {
        assertThat(AnomalyCardMessage.text(handled(Kind.SIGNED_OUT, BOB, "Signed out"))).contains("signed out by <@W0000BOB>");
        assertThat(AnomalyCardMessage.text(handled(Kind.AUTO_SIGNED_OUT, ThreatRecords.AUTO_ACTOR, "Signed out")))
                .contains("signed out automatically");
        assertThat(AnomalyCardMessage.text(handled(Kind.DISMISSED, BOB, "Dismissed"))).contains("dismissed by <@W0000BOB>");
        assertThat(AnomalyCardMessage.text(card(List.of(), seen(IP, UA, LOCATION, SESSION), LAST, null, null)))
                .contains("Slack already ended their sessions");
    }

    @Test
    void anOpenCardOffersSignOutInspectAndDismissForItsCard() {
        AnomalyCard card = open();

        assertThat(actions(card).get("block_id").getAsString()).isEqualTo(AnomalyCardMessage.ACTIONS_BLOCK);
        assertThat(buttons(card)).containsExactly(signOut(), inspect(), dismiss());
        assertThat(rendered(card)).contains("Nobody has acted on this yet.", "*Unusual activity for <@W0000ALICE>*");
    }

    @Test
    void signOutIsDangerousAndAsksFirstNamingThePerson() {
        JsonObject button = actions(open()).getAsJsonArray("elements").get(0).getAsJsonObject();

        assertThat(button.get("style").getAsString()).isEqualTo("danger");
        JsonObject confirm = button.getAsJsonObject("confirm");
        assertThat(confirm.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Sign out everywhere?");
        assertThat(confirm.getAsJsonObject("text").get("text").getAsString()).startsWith("<@W0000ALICE> will be signed out");
        assertThat(confirm.getAsJsonObject("confirm").get("text").getAsString()).isEqualTo("Sign out");
    }

    @Test
    void whenSlackAlreadyEndedTheSessionsThereIsNoSignOutButtonAndTheCardSaysSo() {
        AnomalyCard card = card(List.of("session_fingerprint"), seen(IP, UA, LOCATION, SESSION), LAST, null, null);

        assertThat(buttons(card)).containsExactly(inspect(), dismiss());
        assertThat(rendered(card)).contains("Slack already ended <@W0000ALICE>'s sessions (anomaly event response) "
                + date(LAST)).doesNotContain("Nobody has acted on this yet.");
    }

    @Test
    void signedOutEverywhereSaysByWhomAndWhenAndOnlyInspectStays() {
        AnomalyCard card = handled(Kind.SIGNED_OUT, BOB, "Signed out of every session");

        assertThat(buttons(card)).containsExactly(inspect());
        assertThat(rendered(card)).contains("*Signed out everywhere* by <@W0000BOB> " + date(ACTED)
                + ": Signed out of every session").doesNotContain("Nobody has acted");
    }

    @Test
    void signedOutAutomaticallySaysSoWithWhenAndTheReasonAndOnlyInspectStays() {
        AnomalyCard card = handled(Kind.AUTO_SIGNED_OUT, ThreatRecords.AUTO_ACTOR, "Signed out of every session");

        assertThat(buttons(card)).containsExactly(inspect());
        assertThat(rendered(card)).contains("*Signed out everywhere automatically* " + date(ACTED)
                + " (the automatic response, for `session_fingerprint`): Signed out of every session")
                .doesNotContain(ThreatRecords.AUTO_ACTOR);
    }

    @Test
    void dismissedSaysByWhomAndWhenAndOnlyInspectStays() {
        AnomalyCard card = handled(Kind.DISMISSED, BOB, "Dismissed");

        assertThat(buttons(card)).containsExactly(inspect());
        assertThat(rendered(card)).contains("*Dismissed* by <@W0000BOB> " + date(ACTED) + ". Nobody was signed out.");
    }

    @Test
    void aCardSlackResetAndAPersonDismissedSaysBoth() {
        AnomalyCard card = card(List.of("tor"), seen(IP, UA, LOCATION, SESSION), LAST,
                new Handled(Kind.DISMISSED, BOB, ACTED, "Dismissed"), null);

        assertThat(buttons(card)).containsExactly(inspect());
        assertThat(rendered(card)).contains("Slack already ended <@W0000ALICE>'s sessions", "*Dismissed* by <@W0000BOB>");
    }

    @Test
    void aNoteOnAnOpenCardIsShownWithItsMentionsAndTheButtonsStay() {
        AnomalyCard card = card(List.of("tor"), seen(IP, UA, LOCATION, SESSION), null, null,
                "Not signed out automatically: <@W0000ALICE> is on the protected list & <!channel> stays text");

        assertThat(buttons(card)).containsExactly(signOut(), inspect(), dismiss());
        assertThat(rendered(card)).contains(":warning: Not signed out automatically: <@W0000ALICE> is on the protected "
                + "list &amp; &lt;!channel&gt; stays text").doesNotContain("Nobody has acted", "<!channel>");
    }

    @Test
    void aNoteGivesWayToWhatEndedTheCard() {
        AnomalyCard card = card(List.of("tor"), seen(IP, UA, LOCATION, SESSION), null,
                new Handled(Kind.SIGNED_OUT, BOB, ACTED, "Signed out"), "<@W0000BOB> tried Sign out everywhere: failed");

        assertThat(rendered(card)).contains("*Signed out everywhere* by <@W0000BOB>").doesNotContain("tried Sign out");
    }

    @Test
    void reasonsAreInWordsWithTheirCode() {
        AnomalyCard card = card(List.of("session_fingerprint", "tor"), seen(IP, UA, LOCATION, SESSION), null, null,
                null);

        assertThat(rendered(card)).contains("*What Slack saw*\n• the session cookie was used from a new device "
                + "(`session_fingerprint`)\n• the session was used over Tor (`tor`)");
    }

    @Test
    void everyReasonSlackDocumentsHasItsOwnWords() {
        List<String> words = ThreatSettings.KNOWN_REASONS.stream().map(AnomalyReasons::words).toList();

        assertThat(words).doesNotHaveDuplicates().noneMatch(w -> w.contains("does not know"));
    }

    @Test
    void anUnknownReasonIsNamedWithoutItsCode() {
        AnomalyCard card = card(List.of("impossible_travel"), seen(IP, UA, LOCATION, SESSION), null, null, null);

        assertThat(rendered(card)).contains("• Slack reported a reason Session Guard does not know: impossible_travel")
                .doesNotContain("(`impossible_travel`)");
    }

    @Test
    void aHostileReasonIsNamedSafelyEvenOnACardTheAutomaticResponseEnded() {
        String reason = "<!channel>`<https://evil.example>";
        AnomalyCard open = card(List.of(reason), seen(IP, UA, LOCATION, SESSION), null, null, null);
        AnomalyCard auto = card(List.of("tor", reason), seen(IP, UA, LOCATION, SESSION), null,
                new Handled(Kind.AUTO_SIGNED_OUT, ThreatRecords.AUTO_ACTOR, ACTED, "Signed out"), null);

        for (AnomalyCard card : List.of(open, auto)) {
            assertThat(rendered(card)).contains("Slack reported a reason Session Guard does not know: channelhttpsevilexample")
                    .doesNotContain("<!channel>", "<https://", "`<");
        }
    }

    @Test
    void whatTheClientReportedIsShownInCodeNeverAsMarkup() {
        Sighting hostile = new Sighting("entry-2", LAST, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE);
        List<AnomalyCard> cards = List.of(card(List.of("tor"), hostile, null, null, null),
                card(List.of("tor"), hostile, LAST, null, null),
                card(List.of("tor"), hostile, null, new Handled(Kind.SIGNED_OUT, BOB, ACTED, "done"), null));

        for (AnomalyCard card : cards) {
            String rendered = rendered(card);
            assertThat(rendered).contains("<@W0000ALICE>", "`&lt;!channel&gt; &lt;@W0000ADMIN&gt; "
                    + "&lt;https://evil.example|log in again&gt; \u02CBcode\u02CB *x*`")
                    .doesNotContain("<!channel>", "<@W0000ADMIN>", "<https://", "<!here", "`code`");
            assertThat(AnomalyCardMessage.text(card)).doesNotContain("channel>", "W0000ADMIN", "evil", "code");
        }
    }

    @Test
    void eachThingTheClientReportedHasItsPlace() {
        AnomalyCard card = card(List.of("tor"), new Sighting("entry-2", LAST, IP, UA, LOCATION, SESSION, "198.51.100.4",
                "Slack/4.36 (Macintosh)"), null, null, null);

        assertThat(rendered(card)).contains("*IP address*\n`203.0.113.7`\n_before:_ `198.51.100.4`",
                "*Location*\n`Lisbon, Portugal`", "*Session*\n`8812345678`", "*Time*\n" + date(LAST),
                "*Client (user agent)*\n`" + UA + "`\n_before:_ `Slack/4.36 (Macintosh)`");
    }

    @Test
    void whatTheClientDidNotReportSaysSo() {
        AnomalyCard card = card(List.of(), seen(null, " ", "", null), null, null, null);

        assertThat(rendered(card)).contains("*IP address*\n_not reported_", "*Location*\n_not reported_",
                "*Session*\n_not reported_", "*Client (user agent)*\n_not reported_").doesNotContain("_before:_",
                "*What Slack saw*");
    }

    @Test
    void aChainReferenceIsShownEscapedWithTheCardsId() {
        List<String> texts = strings(tree(AnomalyCardMessage.blocks(open(), "<!channel> #42")));

        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("anomaly card " + ID + " · &lt;!channel&gt; #42"));
        assertThat(strings(tree(AnomalyCardMessage.blocks(open(), null))))
                .anySatisfy(t -> assertThat(t).startsWith("anomaly card " + ID + " · what the client reported"));
    }

    @Test
    void manyAnomaliesAreCountedSinceTheFirst() {
        AnomalyCard card = new AnomalyCard(ID, ALICE, FIRST, LAST, 7, List.of("tor"), seen(IP, UA, LOCATION, SESSION),
                42, null, null, null, null);

        assertThat(rendered(card)).contains("Slack flagged an anomaly in their session — 7 anomalies since " + date(FIRST));
        assertThat(rendered(open())).doesNotContain("anomalies since");
    }

    /** Slack refuses a message whose section text passes 3,000 characters, or a field 2,000: the card never posts. */
    @Test
    void theLongestWorstEscapingClientTextStillFitsSlacksLimits() {
        String worst = "&".repeat(5000);
        Sighting seen = new Sighting("entry-2", LAST, worst, worst, worst, worst, worst, worst);
        List<String> everyReason = Stream.concat(ThreatSettings.KNOWN_REASONS.stream(), Stream.of("x".repeat(40)))
                .toList();
        AnomalyCard card = new AnomalyCard(ID, ALICE, FIRST, LAST, 9999, everyReason, seen, 42, LAST,
                new Handled(Kind.AUTO_SIGNED_OUT, ThreatRecords.AUTO_ACTOR, ACTED, "&".repeat(300)), null, null);

        JsonArray blocks = json(card);
        assertThat(blocks.size()).isLessThanOrEqualTo(8);
        for (JsonElement b : blocks) {
            JsonObject block = b.getAsJsonObject();
            if (block.has("text")) {
                assertThat(block.getAsJsonObject("text").get("text").getAsString()).hasSizeLessThanOrEqualTo(3000);
            }
            if (block.has("fields")) {
                assertThat(block.getAsJsonArray("fields")).hasSizeLessThanOrEqualTo(10).allSatisfy(f -> assertThat(
                        f.getAsJsonObject().get("text").getAsString()).hasSizeLessThanOrEqualTo(2000));
            }
        }
        assertThat(AnomalyCardMessage.text(card)).hasSizeLessThan(200);
    }

    @Test
    void aCardIsAFewBlocksInEveryState() {
        List<AnomalyCard> cards = List.of(open(), handled(Kind.SIGNED_OUT, BOB, "x"),
                handled(Kind.AUTO_SIGNED_OUT, ThreatRecords.AUTO_ACTOR, "x"), handled(Kind.DISMISSED, BOB, "x"),
                card(List.of(), seen(null, null, null, null), LAST, null, "a note"));

        for (AnomalyCard card : cards) {
            assertThat(AnomalyCardMessage.blocks(card, null)).hasSizeBetween(5, 8);
        }
    }

    // ThreatRecords: every record of a card names it, so the audit channel redraws the card in place.

    private static AuditLogEntry entry() {
        return new AuditLogEntry("entry-2", LAST, AuditLogEntry.ANOMALY, ALICE, "E0000ORG", List.of("tor"), IP, UA,
                LOCATION, SESSION, null, null);
    }

    /** A card the automatic response is to act on: the only kind it holds back. */
    private static AnomalyCard awaitingAutomatic() {
        return new AnomalyCard(ID, ALICE, FIRST, LAST, 1, List.of("tor"), seen(IP, UA, LOCATION, SESSION), 42, null,
                null, null, "tor");
    }

    @Test
    void everyRecordOfACardFindsItsCard() {
        AnomalyCard card = awaitingAutomatic();
        Instant at = ACTED;
        List<AuditRecord> records = List.of(
                ThreatRecords.detected(at, card, entry(), true),
                ThreatRecords.detected(at, card, entry(), false),
                ThreatRecords.slackReset(at, card, entry(), false),
                ThreatRecords.held(at, card, "the automatic limit was reached"),
                ThreatRecords.dismissed(at, card, BOB),
                new AuditRecord(at, BOB, ThreatRecords.SIGN_OUT, Outcome.SUCCEEDED, null, null,
                        ThreatRecords.signOutDetail(card), List.of()),
                new AuditRecord(at, ThreatRecords.AUTO_ACTOR, ThreatRecords.AUTO_SIGN_OUT, Outcome.SUCCEEDED, null,
                        null, ThreatRecords.signOutDetail(card), List.of()));

        assertThat(records).allSatisfy(r -> assertThat(ThreatRecords.cardId(r)).as(r.action()).contains(ID));
    }

    @Test
    void aCardsFirstRecordStandsAloneAndTheRestReferToIt() {
        AnomalyCard card = awaitingAutomatic();

        assertThat(ThreatRecords.detected(ACTED, card, entry(), true).ref()).isNull();
        assertThat(ThreatRecords.detected(ACTED, card, entry(), false).ref()).isEqualTo(42L);
        assertThat(ThreatRecords.held(ACTED, card, "why").ref()).isEqualTo(42L);
        assertThat(ThreatRecords.dismissed(ACTED, card, BOB).ref()).isEqualTo(42L);
    }

    @Test
    void anotherFeaturesRecordOrARefusalHasNoCard() {
        String detail = ThreatRecords.signOutDetail(open());

        assertThat(ThreatRecords.cardId(new AuditRecord(ACTED, BOB, AuditRecord.SESSION_RESET, Outcome.SUCCEEDED, null,
                null, detail, List.of()))).as("another feature's record, even naming a card").isEmpty();
        assertThat(ThreatRecords.cardId(new AuditRecord(ACTED, BOB, ThreatRecords.REFUSED, Outcome.REFUSED, null,
                null, "Sign out everywhere on anomaly card " + ID, List.of()))).as("a refusal").isEmpty();
        assertThat(ThreatRecords.cardId(new AuditRecord(ACTED, BOB, ThreatRecords.DISMISS, Outcome.SUCCEEDED, null,
                null, null, List.of()))).as("no detail").isEmpty();
        assertThat(ThreatRecords.cardId(new AuditRecord(ACTED, BOB, ThreatRecords.DISMISS, Outcome.SUCCEEDED, null,
                null, "Anomaly card 7K3M9QW2XR4TZ: too long", List.of()))).isEmpty();
        assertThat(ThreatRecords.cardId(new AuditRecord(ACTED, BOB, ThreatRecords.DISMISS, Outcome.SUCCEEDED, null,
                null, "Anomaly card 7k3m9qw2xr4t: lower case", List.of()))).isEmpty();
    }
}
