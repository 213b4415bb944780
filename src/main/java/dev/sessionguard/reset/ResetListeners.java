package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.RequestOrg;
import dev.sessionguard.edge.ShownModal;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reset feature's Slack edge: parse, ack within milliseconds, and hand the Slack work to an after-ack lane.
 */
public final class ResetListeners {

    public static final String GLOBAL_SHORTCUT = "session_reset_global";
    public static final String MESSAGE_SHORTCUT = "session_reset_message";

    private static final Logger log = LoggerFactory.getLogger(ResetListeners.class);

    private final SignOutService service;
    private final AdminGate gate;
    private final ViewCalls views;
    private final AfterAck afterAck;
    private final int maxUsers;

    public ResetListeners(SignOutService service, AdminGate gate, ViewCalls views, AfterAck afterAck, int maxUsers) {
        this.service = service;
        this.gate = gate;
        this.views = views;
        this.afterAck = afterAck;
        this.maxUsers = maxUsers;
    }

    public void register(App app) {
        app.command(ResetCommand.COMMAND, (req, ctx) -> {
            var p = req.getPayload();
            ResetCommand.Parsed parsed = ResetCommand.parse(p.getText());
            Reply reply = new Reply(p.getUserId(), p.getResponseUrl());
            if (parsed instanceof ResetCommand.Help) {
                return ctx.ack(ResetCommand.USAGE);
            }
            if (parsed instanceof ResetCommand.Invalid invalid) {
                return ctx.ack(invalid.message());
            }
            if (parsed instanceof ResetCommand.Sessions || parsed instanceof ResetCommand.Policy
                    || parsed instanceof ResetCommand.Bulk || parsed instanceof ResetCommand.Status) {
                Subcommands route = subcommands;
                if (route == null) {
                    return ctx.ack(":warning: That part of Session Guard is not switched on here.");
                }
                var actor = new Actor(p.getUserId(), p.getEnterpriseId());
                boolean queued = afterAck.openOrSay(reply, () -> route.open(parsed, p.getTriggerId(), actor));
                return queued ? ctx.ack() : ctx.ack(AfterAck.BUSY_TEXT);
            }
            Prefill prefill = ((ResetCommand.Open) parsed).prefill();
            // A command's ack can carry words: a full lane is said there, to each command, without a Slack call.
            boolean queued = afterAck.openOrSay(reply,
                    () -> openForm(p.getTriggerId(), p.getUserId(), p.getEnterpriseId(), prefill));
            return queued ? ctx.ack() : ctx.ack(AfterAck.BUSY_TEXT);
        });

        app.globalShortcut(GLOBAL_SHORTCUT, (req, ctx) -> {
            GlobalShortcutPayload p = req.getPayload();
            afterAck.open(Reply.dm(p.getUser().getId()), () -> openForm(p.getTriggerId(), p.getUser().getId(),
                    RequestOrg.of(p),
                    Prefill.EMPTY));
            return ctx.ack();
        });

        app.messageShortcut(MESSAGE_SHORTCUT, (req, ctx) -> {
            MessageShortcutPayload p = req.getPayload();
            String author = p.getMessage() == null ? null : p.getMessage().getUser();
            Prefill prefill = author == null
                    ? new Prefill(List.of(), ResetScope.ALL, "", "That message was posted by an app, not a person. Choose people below.")
                    : Prefill.of(author);
            afterAck.open(new Reply(p.getUser().getId(), p.getResponseUrl()), () -> openForm(p.getTriggerId(),
                    p.getUser().getId(), RequestOrg.of(p), prefill));
            return ctx.ack();
        });

        app.viewSubmission(ResetModal.CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            ResetForm form = ResetForm.read(p.getView().getState(), maxUsers);
            if (!form.valid()) {
                return ctx.ackWithErrors(form.errors());
            }
            var actor = new Actor(p.getUser().getId(),
                    RequestOrg.of(p));
            String viewId = p.getView().getId();
            afterAck.slow(() -> ShownModal.of(views, viewId).run(() -> submit(viewId, actor, form)),
                    () -> refuseBusy(viewId, actor, form));
            return ctx.ackWithUpdate(ResetModal.working(form.userIds().size()));
        });
    }

    /**
     * Where {@code /session-reset sessions …}, {@code policy …}, {@code bulk} and {@code status …} go: the
     * composition root routes them to the features that own them, so the command stays registered once and no
     * feature knows another.
     */
    @FunctionalInterface
    public interface Subcommands {
        /**
         * Runs after the ack, on the fast lane.
         *
         * @return false when the modal could not be shown and the person has heard nothing
         */
        boolean open(ResetCommand.Parsed parsed, String triggerId, Actor actor);
    }

    private volatile Subcommands subcommands;

    public ResetListeners subcommands(Subcommands route) {
        this.subcommands = route;
        return this;
    }

    boolean openForm(String triggerId, String userId, String requestOrgId, Prefill prefill) {
        return openForm(triggerId, userId, requestOrgId, prefill, null);
    }

    /**
     * Opens the modal first (the trigger expires in 3 s), then checks the invoker and fills it in.
     * Also the way in from the session console and the App Home, so every reset starts and ends here.
     *
     * @param fromViewId the modal whose button carried the trigger (Slack then wants views.push), or null
     * @return false when the modal could not be shown
     */
    public boolean openForm(String triggerId, String userId, String requestOrgId, Prefill prefill, String fromViewId) {
        String externalId = "session-reset-" + UUID.randomUUID();
        ShownModal shown = ShownModal.show(views, triggerId, ResetModal.checking(externalId), fromViewId);
        if (!shown.ok()) {
            log.warn("Could not open the reset modal for {}: {}", userId, shown.error());
            return false;
        }
        shown.run(() -> {
            // Only to fill in the form: the submission checks afresh.
            GateDecision decision = gate.checkToOpen(userId, requestOrgId);
            if (!decision.allowed()) {
                boolean recorded = service.recordRefusal(new Actor(userId, requestOrgId), prefill.userIds(),
                        null, null, "when opening the form", decision);
                shown.update(ResetModal.refused(decision.recorded(recorded)));
                return;
            }
            shown.update(ResetModal.form(prefill));
        });
        return true;
    }

    /** A submission the slow lane had no room for: audited as a refusal where it was refused, then shown. */
    private Runnable refuseBusy(String viewId, Actor actor, ResetForm form) {
        GateDecision busy = AfterAck.busy();
        boolean recorded = service.recordRefusal(actor, form.userIds(), form.scope(), form.reason(),
                "at submission, Session Guard being busy", busy);
        GateDecision shown = busy.recorded(recorded);
        return () -> views.showResult(viewId, ResetModal.refused(shown), actor.userId(),
                shown.refusalText(ResetModal.NOTHING_CHANGED));
    }

    void submit(String viewId, Actor actor, ResetForm form) {
        SignOutService.Report report = service.reset(actor, form.userIds(), form.scope(), form.reason());
        var view = report.refused() ? ResetModal.refused(report.gate())
                : ResetModal.result(report.scope(), report.results(), report.recorded());
        String text = report.refused() ? report.gate().refusalText(ResetModal.NOTHING_CHANGED)
                : ResetModal.resultText(report.scope(), report.results(), report.recorded());
        views.showResult(viewId, view, actor.userId(), text);
    }
}
