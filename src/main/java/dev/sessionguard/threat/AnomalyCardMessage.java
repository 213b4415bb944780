package dev.sessionguard.threat;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import dev.sessionguard.text.Mrkdwn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An anomaly's card in the audit channel: who, what Slack saw in plain words, where and from what client, what Slack
 * or a person already did, and the buttons while they can do something new. Whatever the client reported (IP
 * address, location, user agent, session id) is drawn with {@link Mrkdwn#untrusted}: no mention, link or
 * formatting of it reaches the channel, and the fallback text holds none of it.
 */
public final class AnomalyCardMessage {

    public static final String SIGN_OUT = "anomaly_sign_out";
    public static final String INSPECT = "anomaly_inspect";
    public static final String DISMISS = "anomaly_dismiss";
    public static final String ACTIONS_BLOCK = "anomaly_card_actions";

    /**
     * A user agent can be kilobytes; a card shows its start. Escaped, a character can take five ({@code &amp;}): the
     * user agent and the one before it, with their labels, stay within the 3,000 characters Slack takes in a section.
     */
    static final int CLIENT_MAX = 290;
    static final int FIELD_MAX = 120;

    private AnomalyCardMessage() {
    }

    /** The fallback text notifications show: nothing the client chose. */
    public static String text(AnomalyCard card) {
        return "Session Guard: unusual activity (Slack anomaly) for <@" + card.userId() + ">: "
                + state(card) + ".";
    }

    /** @param chainRef the record's place in the stored hash chain, or null */
    public static List<LayoutBlock> blocks(AnomalyCard card, String chainRef) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String count = card.count() > 1 ? " — " + card.count() + " anomalies since " + date(card.firstAt()) : "";
        blocks.add(section(s -> s.text(markdownText(icon(card) + " *Unusual activity for <@" + card.userId()
                + ">*: Slack flagged an anomaly in their session" + count))));
        if (!card.reasons().isEmpty()) {
            StringBuilder saw = new StringBuilder("*What Slack saw*");
            card.reasons().forEach(r -> saw.append("\n• ").append(Mrkdwn.escape(AnomalyReasons.words(r)))
                    .append(AnomalyReasons.known(r) ? " (`" + r + "`)" : ""));
            blocks.add(section(s -> s.text(markdownText(saw.toString()))));
        }
        AnomalyCard.Sighting seen = card.latest();
        List<TextObject> fields = new ArrayList<>(List.of(
                markdownText("*IP address*\n" + Mrkdwn.untrusted(seen.ipAddress(), FIELD_MAX, "_not reported_")
                        + previous(seen.previousIpAddress(), FIELD_MAX)),
                markdownText("*Location*\n" + Mrkdwn.untrusted(seen.location(), FIELD_MAX, "_not reported_")),
                markdownText("*Session*\n" + Mrkdwn.untrusted(seen.sessionId(), FIELD_MAX, "_not reported_")),
                markdownText("*Time*\n" + date(seen.at()))));
        blocks.add(section(s -> s.fields(fields)));
        blocks.add(section(s -> s.text(markdownText("*Client (user agent)*\n"
                + Mrkdwn.untrusted(seen.userAgent(), CLIENT_MAX, "_not reported_")
                + previous(seen.previousUserAgent(), CLIENT_MAX)))));
        String status = status(card);
        if (!status.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(status))));
        }
        List<BlockElement> buttons = buttons(card);
        blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(buttons)));
        String ref = "anomaly card " + card.id() + (chainRef == null ? "" : " · " + Mrkdwn.escape(chainRef))
                + " · what the client reported is shown as sent, in code";
        blocks.add(context(c -> c.elements(List.of(markdownText(ref)))));
        return blocks;
    }

    private static String previous(String value, int max) {
        String shown = Mrkdwn.untrusted(value, max, "");
        return shown.isEmpty() ? "" : "\n_before:_ " + shown;
    }

    private static String icon(AnomalyCard card) {
        if (card.handled() != null) {
            return card.handled().kind() == AnomalyCard.Kind.DISMISSED ? ":white_circle:" : ":white_check_mark:";
        }
        return card.slackReset() != null ? ":information_source:" : ":rotating_light:";
    }

    /** In a few words, for the fallback text. */
    private static String state(AnomalyCard card) {
        if (card.handled() != null) {
            return switch (card.handled().kind()) {
                case SIGNED_OUT -> "signed out by <@" + card.handled().by() + ">";
                case AUTO_SIGNED_OUT -> "signed out automatically";
                case DISMISSED -> "dismissed by <@" + card.handled().by() + ">";
            };
        }
        return card.slackReset() != null ? "Slack already ended their sessions" : "open";
    }

    /** What Slack, the automatic response or a person already did. */
    static String status(AnomalyCard card) {
        List<String> lines = new ArrayList<>();
        if (card.slackReset() != null) {
            lines.add(":information_source: Slack already ended <@" + card.userId() + ">'s sessions (anomaly event "
                    + "response) " + date(card.slackReset()) + ". Nothing more is needed unless you want to check "
                    + "their sessions.");
        }
        AnomalyCard.Handled h = card.handled();
        if (h != null) {
            String when = date(h.at());
            lines.add(switch (h.kind()) {
                case SIGNED_OUT -> ":white_check_mark: *Signed out everywhere* by <@" + h.by() + "> " + when + ": "
                        + Mrkdwn.escape(h.words());
                case AUTO_SIGNED_OUT -> ":robot_face: *Signed out everywhere automatically* " + when
                        + " (the automatic response, for " + reasonOf(card) + "): " + Mrkdwn.escape(h.words());
                case DISMISSED -> ":white_circle: *Dismissed* by <@" + h.by() + "> " + when + ". Nobody was signed out.";
            });
        } else if (card.note() != null) {
            lines.add(":warning: " + Mrkdwn.escape(card.note()).replaceAll("&lt;@([UW][A-Z0-9]{2,31})&gt;", "<@$1>"));
        } else if (card.slackReset() == null) {
            lines.add("Nobody has acted on this yet.");
        }
        return String.join("\n", lines);
    }

    private static String reasonOf(AnomalyCard card) {
        return card.reasons().isEmpty() ? "Slack's anomaly" : "`" + String.join("`, `",
                card.reasons().stream().map(AnomalyReasons::safeName).toList()) + "`";
    }

    /** Sign out everywhere while it would do something new; Inspect always; Dismiss while the card is open. */
    private static List<BlockElement> buttons(AnomalyCard card) {
        String id = card.id();
        List<BlockElement> buttons = new ArrayList<>();
        if (card.open() && card.slackReset() == null) {
            buttons.add(button(b -> b.actionId(SIGN_OUT).text(plainText("Sign out everywhere")).style("danger")
                    .value(id).confirm(ConfirmationDialogObject.builder()
                            .title(plainText("Sign out everywhere?"))
                            .text(markdownText("<@" + card.userId() + "> will be signed out of every Slack session, "
                                    + "on every device. This can't be undone."))
                            .confirm(plainText("Sign out"))
                            .deny(plainText("Back"))
                            .style("danger")
                            .build())));
        }
        buttons.add(button(b -> b.actionId(INSPECT).text(plainText("Inspect sessions")).value(id)));
        if (card.open()) {
            buttons.add(button(b -> b.actionId(DISMISS).text(plainText("Dismiss")).value(id)));
        }
        return buttons;
    }

    private static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} at {time}|" + at + ">";
    }
}
