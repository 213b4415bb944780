package dev.sessionguard.reset;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.view.ViewState;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.edge.Opener;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.slackapi.ViewCalls;
import dev.sessionguard.text.Mrkdwn;
import java.util.List;
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
    private final ResetForms forms;
    private final ViewCalls views;
    private final AfterAck afterAck;
    private final int maxUsers;
    private final Opener console;

    /**
     * @param console opens the session console from the form's button, or null when it is not there
     */
    public ResetListeners(SignOutService service, ResetForms forms, ViewCalls views, AfterAck afterAck, int maxUsers,
            Opener console) {
        this.service = service;
        this.forms = forms;
        this.views = views;
        this.afterAck = afterAck;
        this.maxUsers = maxUsers;
        this.console = console;
    }

    public void register(App app) {
        app.globalShortcut(GLOBAL_SHORTCUT, (req, ctx) -> {
            GlobalShortcutPayload p = req.getPayload();
            afterAck.open(Reply.dm(p.getUser().getId()), () -> forms.open(p.getTriggerId(),
                    Actors.of(p), Prefill.EMPTY, null));
            return ctx.ack();
        });

        app.messageShortcut(MESSAGE_SHORTCUT, (req, ctx) -> {
            MessageShortcutPayload p = req.getPayload();
            String author = p.getMessage() == null ? null : p.getMessage().getUser();
            Prefill prefill = author == null
                    ? new Prefill(List.of(), ResetScope.ALL, "", "That message was posted by an app, not a person. Choose people below.")
                    : Prefill.of(author);
            afterAck.open(new Reply(p.getUser().getId(), p.getResponseUrl()), () -> forms.open(p.getTriggerId(),
                    Actors.of(p), prefill, null));
            return ctx.ack();
        });

        if (console != null) {
            // From the form into the session console: straight to the one person chosen there, else a person picker
            // on top of the form.
            app.blockAction(ResetModal.CONSOLE_ACTION, (req, ctx) -> {
                BlockActionPayload p = req.getPayload();
                List<String> person = onlyChosenUser(p.getView() == null ? null : p.getView().getState());
                String fromViewId = p.getView() == null ? null : p.getView().getId();
                afterAck.open(Reply.dm(p.getUser().getId()), () -> console.open(p.getTriggerId(),
                        Actors.of(p), person, fromViewId));
                return ctx.ack();
            });
        }

        app.viewSubmission(ResetModal.CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            ResetForm form = ResetForm.read(p.getView().getState(), maxUsers);
            if (!form.valid()) {
                return ctx.ackWithErrors(form.errors());
            }
            var actor = Actors.of(p);
            String viewId = p.getView().getId();
            afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(() -> submit(viewId, actor, form)),
                    () -> refuseBusy(viewId, actor, form));
            return ctx.ackWithUpdate(ResetModal.working(form.userIds().size()));
        });
    }

    /**
     * The command's own reading ({@code edge.CommandRouter}'s otherwise): {@code help}, or the form, empty or filled
     * in from the mentions, scope and reason typed.
     */
    public CommandRouter.Answer command(String words) {
        ResetCommand.Parsed parsed = ResetCommand.parse(words);
        if (parsed instanceof ResetCommand.Help) {
            return new CommandRouter.Say(ResetCommand.USAGE);
        }
        if (parsed instanceof ResetCommand.Invalid invalid) {
            return new CommandRouter.Say(invalid.message());
        }
        Prefill prefill = ((ResetCommand.Open) parsed).prefill();
        return new CommandRouter.Open((triggerId, actor) -> forms.open(triggerId, actor, prefill, null));
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

    /** The one person chosen in the form, if exactly one is. */
    private static List<String> onlyChosenUser(ViewState state) {
        if (state == null || state.getValues() == null || state.getValues().get(ResetModal.USERS_BLOCK) == null) {
            return List.of();
        }
        return state.getValues().get(ResetModal.USERS_BLOCK).values().stream().findFirst()
                .map(ViewState.Value::getSelectedUsers)
                .filter(u -> u != null && u.size() == 1 && Mrkdwn.isUserId(u.get(0)))
                .orElse(List.of());
    }
}
