package dev.sessionguard.threat;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.MessagePress;
import dev.sessionguard.edge.Opener;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threat response's Slack edge: the three buttons of an anomaly's card. Acked at once; {@link ThreatService}
 * decides after the ack, and the presser hears back by DM. Inspect sessions opens the session console for the
 * card's person, which checks the presser itself.
 */
public final class ThreatListeners {

    private static final Logger log = LoggerFactory.getLogger(ThreatListeners.class);

    private final ThreatService service;
    private final Opener console;
    private final ViewCalls views;
    private final AfterAck afterAck;

    public ThreatListeners(ThreatService service, Opener console, ViewCalls views, AfterAck afterAck) {
        this.service = service;
        this.console = console;
        this.views = views;
        this.afterAck = afterAck;
    }

    public void register(App app) {
        app.blockAction(AnomalyCardMessage.SIGN_OUT, (req, ctx) -> {
            press(req.getPayload(), "Sign out everywhere");
            return ctx.ack();
        });
        app.blockAction(AnomalyCardMessage.DISMISS, (req, ctx) -> {
            press(req.getPayload(), "Dismiss");
            return ctx.ack();
        });
        app.blockAction(AnomalyCardMessage.INSPECT, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            Actor actor = Actors.of(p);
            String cardId = cardId(p);
            String trigger = p.getTriggerId();
            afterAck.open(Reply.dm(actor.userId()), () -> {
                Optional<String> person = service.person(cardId);
                // The console checks the presser; an unknown card opens it empty, to pick someone.
                return console.open(trigger, actor, person.map(List::of).orElse(List.of()), null);
            });
            return ctx.ack();
        });
    }

    /**
     * Sign out everywhere or Dismiss: decided after the ack, on the slow lane, and only from the card's own message in
     * the audit channel; the presser hears back by DM.
     */
    private void press(BlockActionPayload p, String button) {
        Actor actor = Actors.of(p);
        String cardId = cardId(p);
        MessagePress on = MessagePress.of(p);
        afterAck.slow(() -> {
            ThreatService.Pressed pressed = button.equals("Dismiss") ? service.dismiss(actor, cardId, on)
                    : service.signOut(actor, cardId, on);
            var sent = views.message(actor.userId(), pressed.words(), null);
            if (!sent.ok()) {
                log.warn("Could not tell {} how their {} press went: {}", actor.userId(), button, sent.error());
            }
        }, () -> {
            boolean recorded = service.recordBusy(actor, cardId, button, AfterAck.busy());
            return afterAck.lineTo(Reply.dm(actor.userId()), AfterAck.busy().recorded(recorded)
                    .refusalText(ThreatService.NOTHING_CHANGED));
        });
    }

    private static String cardId(BlockActionPayload p) {
        return p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getValue();
    }
}
