package dev.sessionguard.console;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.edge.Opener;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.ViewCalls;
import dev.sessionguard.text.Mrkdwn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session console's Slack edge: every button acks at once, then on an after-ack lane checks the invoker
 * again (the services do) and updates the console. The buttons act only on what the console showed this admin:
 * a sign-out only on a session it listed to them (the service checks as it runs), the others only for a person
 * whose console they were shown.
 */
public final class ConsoleListeners {

    private static final Logger log = LoggerFactory.getLogger(ConsoleListeners.class);
    private static final String OPENING = "when opening the session console";

    private final ConsoleService service;
    private final Opener signOutForm;
    private final Opener policyForm;
    private final ViewCalls views;
    private final AfterAck afterAck;

    public ConsoleListeners(ConsoleService service, Opener signOutForm, Opener policyForm, ViewCalls views,
            AfterAck afterAck) {
        this.service = service;
        this.signOutForm = signOutForm;
        this.policyForm = policyForm;
        this.views = views;
        this.afterAck = afterAck;
    }

    public void register(App app) {
        app.viewSubmission(ConsoleModal.PICK_CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            Map<String, ViewState.Value> block = p.getView().getState() == null || p.getView().getState().getValues() == null
                    ? null : p.getView().getState().getValues().get(ConsoleModal.PICK_BLOCK);
            String userId = block == null ? null : block.values().stream().findFirst()
                    .map(ViewState.Value::getSelectedUser).orElse(null);
            if (!Mrkdwn.isUserId(userId)) {
                return ctx.ackWithErrors(Map.of(ConsoleModal.PICK_BLOCK, "Choose a person from the list."));
            }
            var actor = Actors.of(p);
            String viewId = p.getView().getId();
            onModal(viewId, () -> show(viewId, actor, userId, 0, null, OPENING));
            return ctx.ackWithUpdate(ConsoleModal.loading(userId));
        });

        app.blockAction(ConsoleModal.REFRESH_ACTION, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            position(p).ifPresent(pos -> onModal(p.getView().getId(), () -> {
                String when = "when refreshing the session console";
                if (mayGoOn(p.getView().getId(), Actors.of(p), pos.userId(), when, "Refresh")) {
                    show(p.getView().getId(), Actors.of(p), pos.userId(), pos.page(), null, when);
                }
            }));
            return ctx.ack();
        });

        app.blockAction(Pattern.compile(Pattern.quote(ConsoleModal.PAGE_ACTION) + "_.*"), (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            String value = p.getActions().get(0).getValue();
            if (value != null && value.matches("\\d{1,6}")) {
                int page = Integer.parseInt(value);
                position(p).ifPresent(pos -> onModal(p.getView().getId(), () -> {
                    String when = "when paging the session console";
                    if (mayGoOn(p.getView().getId(), Actors.of(p), pos.userId(), when, "a page turn")) {
                        show(p.getView().getId(), Actors.of(p), pos.userId(), page, null, when);
                    }
                }));
            }
            return ctx.ack();
        });

        app.blockAction(ConsoleModal.INVALIDATE_ACTION, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            Optional<ConsoleModal.Target> target = ConsoleModal.Target.decode(p.getActions().get(0).getValue());
            Optional<ConsoleModal.Position> pos = position(p);
            if (target.isPresent() && pos.isPresent()) {
                String viewId = p.getView().getId();
                afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(() -> invalidate(viewId, Actors.of(p), target.get(),
                        pos.get().page())), () -> refuseBusy(viewId, Actors.of(p), target.get()));
            } else {
                log.warn("Ignored a sign-out button with an unreadable value from {}", p.getUser().getId());
            }
            return ctx.ack();
        });

        // "Sign out everywhere" is the core reset: the same form, submission handler and service.
        app.blockAction(ConsoleModal.RESET_ALL_ACTION, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            Actor actor = Actors.of(p);
            // A press that may not go on has had its answer (a refusal in the modal, or a deliberate no-op), so only
            // a modal that could not be shown leaves the person to be told.
            position(p).ifPresent(pos -> afterAck.open(Reply.dm(actor.userId()), () ->
                    !mayGoOn(p.getView().getId(), actor, pos.userId(),
                            "when pressing Sign out everywhere in the session console", "Sign out everywhere")
                    || signOutForm.open(p.getTriggerId(), actor, List.of(pos.userId()), p.getView().getId())));
            return ctx.ack();
        });

        app.blockAction(ConsoleModal.POLICY_ACTION, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            position(p).ifPresent(pos -> afterAck.open(Reply.dm(p.getUser().getId()), () ->
                    !mayGoOn(p.getView().getId(), Actors.of(p), pos.userId(),
                            "when pressing Session policy in the session console", "Session policy")
                    || policyForm.open(p.getTriggerId(), Actors.of(p), List.of(pos.userId()), p.getView().getId())));
            return ctx.ack();
        });
    }

    /** {@code /session-reset sessions [@person]}. */
    public void subcommands(CommandRouter router) {
        router.subcommand(SessionsCommand.WORD, words -> SessionsCommand.read(words,
                person -> (triggerId, actor) -> open(triggerId, actor, person, null)));
    }

    /** As an {@link Opener}: the console for the first of {@code people}, or a person picker when none is given. */
    public boolean open(String triggerId, Actor actor, List<String> people, String fromViewId) {
        return open(triggerId, actor, people.stream().findFirst(), fromViewId);
    }

    /**
     * Opens the console for a person, or a person picker when there is none: a placeholder first, then the
     * invoker is checked. Runs on the fast lane.
     *
     * @param fromViewId the modal whose button carried the trigger (Slack then wants views.push), or null
     * @return false when the modal could not be shown
     */
    public boolean open(String triggerId, Actor actor, Optional<String> userId, String fromViewId) {
        return ModalOnScreen.openChecked(views, triggerId, fromViewId,
                ConsoleModal.checking("session-console-" + UUID.randomUUID()), "the session console", actor.userId(),
                () -> {
                    if (userId.isEmpty()) {
                        GateDecision decision = service.admitToOpen(actor, OPENING);
                        return decision.allowed() ? ConsoleModal.picker(Optional.empty())
                                : ConsoleModal.refused(decision);
                    }
                    return console(actor, userId.get(), 0, null, OPENING);
                });
    }

    void show(String viewId, Actor actor, String userId, int page, String note, String when) {
        SlackResult<?> r = views.update(viewId, console(actor, userId, page, note, when));
        if (!r.ok()) {
            log.warn("Could not update the session console for {}: {}", actor.userId(), r.error());
        }
    }

    /** The console as the invoker may see it now: their role is checked again, a refusal audited. */
    private View console(Actor actor, String userId, int page, String note, String when) {
        ConsoleService.Listing listing = service.sessions(actor, userId, when);
        return listing.refused() ? ConsoleModal.refused(listing.gate()) : ConsoleModal.console(listing, page, note);
    }

    void invalidate(String viewId, Actor actor, ConsoleModal.Target target, int page) {
        views.update(viewId, ConsoleModal.working("Checking your role again and signing out session "
                + target.sessionId() + " of " + Mrkdwn.mention(target.userId()) + "…"));
        ConsoleService.Invalidation done = service.invalidate(actor, target.userId(), target.teamId(), target.sessionId());
        if (done.refused()) {
            views.showResult(viewId, ConsoleModal.refused(done.gate()), actor.userId(),
                    done.gate().refusalText(ConsoleModal.NOTHING_SHOWN));
            return;
        }
        if (!done.listed()) {
            views.showResult(viewId, ConsoleModal.notListed(target, done.recorded()), actor.userId(),
                    ConsoleModal.notListedWords(target, done.recorded()));
            return;
        }
        TargetResult r = done.result();
        String mark = switch (r.status()) {
            case DONE -> ":white_check_mark: ";
            case NOT_ATTEMPTED -> ":no_entry: "; // e.g. a protected account: nothing was sent to Slack
            case FAILED -> ":x: ";
            case PENDING, UNKNOWN -> ":grey_question: ";
        };
        String note = mark
                + Mrkdwn.escape(r.words()) + (r.errorCode() == null ? "" : " (`" + Mrkdwn.escape(r.errorCode()) + "`)")
                + ". " + AuditMessage.recordedNote(done.recorded());
        // The refreshed list checks the role once more; a refusal there is audited like any other.
        View refreshed = console(actor, target.userId(), page, note, "when refreshing the session console after a sign-out");
        views.showResult(viewId, refreshed, actor.userId(), "Session console, " + Mrkdwn.mention(target.userId()) + ": " + note);
    }

    /**
     * Whether a console button other than a sign-out may go on for {@code userId}: only if this admin was shown that
     * person's console. Someone the gate refuses is never shown one, so when none was shown the gate speaks first: a
     * non-admin is refused and audited as before. An admin pressing for someone else is ignored: these buttons only
     * lead to forms that check again on submit.
     */
    private boolean mayGoOn(String viewId, Actor actor, String userId, String when, String button) {
        if (service.consoleWasShown(actor, userId)) {
            return true;
        }
        GateDecision decision = service.admit(actor, when, userId);
        if (!decision.allowed()) {
            views.update(viewId, ConsoleModal.refused(decision));
            return false;
        }
        log.warn("Ignored {} from {}: the console of {} was not shown to them", button, actor.userId(), userId);
        return false;
    }

    /**
     * Slack work on a modal already open, after the ack: an unexpected failure shows in the modal. Refused when the
     * slow lane is full; nothing changes here (a refresh, a page, a picked person), so the modal just says so.
     */
    private void onModal(String viewId, Runnable work) {
        afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(work),
                () -> () -> views.update(viewId, ConsoleModal.notice(AfterAck.BUSY_TEXT)));
    }

    /** A sign-out the slow lane had no room for: audited as a refusal where it was refused, then shown. */
    private Runnable refuseBusy(String viewId, Actor actor, ConsoleModal.Target target) {
        GateDecision busy = service.recordBusy(actor, target.userId(), target.teamId(), target.sessionId());
        return () -> views.showResult(viewId, ConsoleModal.refused(busy), actor.userId(),
                busy.refusalText(ConsoleModal.NOTHING_SHOWN));
    }

    private static Optional<ConsoleModal.Position> position(BlockActionPayload p) {
        return p.getView() == null ? Optional.empty() : ConsoleModal.Position.decode(p.getView().getPrivateMetadata());
    }
}
