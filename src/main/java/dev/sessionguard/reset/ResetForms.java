package dev.sessionguard.reset;

import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.List;
import java.util.UUID;

/**
 * Opens the reset form: the modal first (the trigger expires in 3 s), then the invoker's check, then the form or the
 * refusal. Every way in (the command, the shortcuts, the session console, the App Home) opens it here, so every
 * reset starts and ends in the same form; the submission checks afresh.
 */
public final class ResetForms {

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
        return ModalOnScreen.openChecked(views, triggerId, fromViewId,
                ResetModal.checking("session-reset-" + UUID.randomUUID()), "the reset modal", actor.userId(), () -> {
                    // Only to fill in the form: the submission checks afresh.
                    GateDecision decision = gate.checkToOpen(actor.userId(), actor.requestOrgId());
                    if (!decision.allowed()) {
                        boolean recorded = service.recordRefusal(actor, prefill.userIds(), null, null,
                                "when opening the form", decision);
                        return ResetModal.refused(decision.recorded(recorded));
                    }
                    return ResetModal.form(prefill);
                });
    }
}
