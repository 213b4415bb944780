package dev.sessionguard.policy;

import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.safety.PeopleCap;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session policy feature's Slack edge: ack at once, Slack work on an after-ack lane. */
public final class PolicyListeners {

    private static final Logger log = LoggerFactory.getLogger(PolicyListeners.class);

    private final PolicyService service;
    private final ViewCalls views;
    private final AfterAck afterAck;
    private final PeopleCap cap;

    /** @param maxUsers {@code SESSION_GUARD_MAX_USERS}: the most people one change may take, as for a reset */
    public PolicyListeners(PolicyService service, ViewCalls views, AfterAck afterAck, int maxUsers) {
        this.service = service;
        this.views = views;
        this.afterAck = afterAck;
        this.cap = new PeopleCap(maxUsers);
    }

    public void register(App app) {
        app.viewSubmission(PolicyModal.CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            PolicyForm form = PolicyForm.read(p.getView().getState(), cap.max());
            if (!form.valid()) {
                return ctx.ackWithErrors(form.errors());
            }
            var actor = Actors.of(p);
            String viewId = p.getView().getId();
            afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(() -> submit(viewId, actor, form)), () -> {
                // No room on the slow lane: audited as a refusal where it was refused, then shown.
                GateDecision busy = service.recordBusy(actor, form.mode() == PolicyForm.Mode.CLEAR, form.userIds());
                return () -> views.showResult(viewId, PolicyModal.refused(busy), actor.userId(),
                        busy.refusalText(PolicyModal.NOTHING_CHANGED));
            });
            return ctx.ackWithUpdate(PolicyModal.working(form.mode(), form.userIds().size()));
        });
    }

    /** {@code /session-reset policy [@people…]}. */
    public void subcommands(CommandRouter router) {
        router.subcommand(PolicyCommand.WORD, words -> PolicyCommand.read(words,
                people -> (triggerId, actor) -> open(triggerId, actor, people, null)));
    }

    /**
     * Shows the policy form for these people (may be empty): a placeholder first, then the invoker is checked
     * and the current policies read. Runs on the fast lane.
     *
     * @param fromViewId the modal whose button carried the trigger (Slack then wants views.push), or null
     * @return false when the modal could not be shown
     */
    public boolean open(String triggerId, Actor actor, List<String> userIds, String fromViewId) {
        return ModalOnScreen.openChecked(views, triggerId, fromViewId,
                PolicyModal.checking("session-policy-" + UUID.randomUUID()), "the policy modal", actor.userId(), () -> {
                    PolicyService.Reading reading = service.get(actor, userIds);
                    // Too many people named (e.g. after /session-reset policy): the form opens with them, says so,
                    // and refuses them on submit, as the reset form does; their policies are not read.
                    int named = new LinkedHashSet<>(userIds).size();
                    String note = cap.allows(named) ? null : cap.formError(named);
                    return reading.refused() ? PolicyModal.refused(reading.gate())
                            : PolicyModal.form(userIds, reading.policies(), note);
                });
    }

    void submit(String viewId, Actor actor, PolicyForm form) {
        PolicyService.Report report = form.mode() == PolicyForm.Mode.CLEAR
                ? service.clear(actor, form.userIds())
                : service.set(actor, form.userIds(), form.duration(), form.closeOnQuit());
        var view = report.refused() ? PolicyModal.refused(report.gate())
                : PolicyModal.result(form.mode(), report.newValues(), report.results(), report.recorded());
        String text = report.refused() ? report.gate().refusalText(PolicyModal.NOTHING_CHANGED)
                : PolicyModal.resultText(form.mode(), report.newValues(), report.results(), report.recorded());
        views.showResult(viewId, view, actor.userId(), text);
    }
}
