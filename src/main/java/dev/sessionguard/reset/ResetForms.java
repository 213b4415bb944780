package dev.sessionguard.reset;

import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.ShownModal;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the reset form: the modal first (the trigger expires in 3 s), then the invoker's check, then the form or the
 * refusal. Every way in (the command, the shortcuts, the session console, the App Home) opens it here, so every
 * reset starts and ends in the same form; the submission checks afresh.
 */
public final class ResetForms {

    private static final Logger log = LoggerFactory.getLogger(ResetForms.class);

    private final SignOutService service;
    private final AdminGate gate;
    private final ViewCalls views;

    public ResetForms(SignOutService service, AdminGate gate, ViewCalls views) {
        this.service = service;
        this.gate = gate;
        this.views = views;
    }

    /** As an {@link dev.sessionguard.edge.Opener}: the form with these people chosen, or none. */
    public boolean open(String triggerId, Actor actor, List<String> people, String fromViewId) {
        Prefill prefill = new Prefill(people, Prefill.EMPTY.scope(), "", null);
        return open(triggerId, actor, prefill, fromViewId);
    }

    /**
     * @param fromViewId the modal whose button carried the trigger (Slack then wants views.push), or null
     * @return false when the modal could not be shown
     */
    public boolean open(String triggerId, Actor actor, Prefill prefill, String fromViewId) {
        String externalId = "session-reset-" + UUID.randomUUID();
        ShownModal shown = ShownModal.show(views, triggerId, ResetModal.checking(externalId), fromViewId);
        if (!shown.ok()) {
            log.warn("Could not open the reset modal for {}: {}", actor.userId(), shown.error());
            return false;
        }
        shown.run(() -> {
            // Only to fill in the form: the submission checks afresh.
            GateDecision decision = gate.checkToOpen(actor.userId(), actor.requestOrgId());
            if (!decision.allowed()) {
                boolean recorded = service.recordRefusal(actor, prefill.userIds(), null, null, "when opening the form",
                        decision);
                shown.update(ResetModal.refused(decision.recorded(recorded)));
                return;
            }
            shown.update(ResetModal.form(prefill));
        });
        return true;
    }
}
