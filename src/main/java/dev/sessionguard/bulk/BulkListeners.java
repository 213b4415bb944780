package dev.sessionguard.bulk;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.MessagePress;
import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.ViewCalls;
import dev.sessionguard.text.Mrkdwn;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident mode's Slack edge: the bulk form and its preview, the Approve / Deny / Cancel / Resume buttons on a job's
 * audit message, and the status view. Parse, ack, and hand the Slack work to an after-ack lane; {@link BulkService}
 * decides.
 */
public final class BulkListeners {

    private static final Logger log = LoggerFactory.getLogger(BulkListeners.class);
    private static final int RECENT_JOBS = 10;

    private final BulkService service;
    private final TargetSources sources;
    private final ViewCalls views;
    private final AfterAck afterAck;
    private final String auditChannel;
    private final Clock clock;

    public BulkListeners(BulkService service, TargetSources sources, ViewCalls views, AfterAck afterAck,
            String auditChannel, Clock clock) {
        this.service = service;
        this.sources = sources;
        this.views = views;
        this.afterAck = afterAck;
        this.auditChannel = auditChannel;
        this.clock = clock;
    }

    public void register(App app) {
        app.viewSubmission(BulkModal.CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            BulkForm form = BulkForm.read(p.getView().getState());
            if (!form.valid()) {
                return ctx.ackWithErrors(form.errors());
            }
            Actor actor = Actors.of(p);
            String viewId = p.getView().getId();
            afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(() -> preview(viewId, actor, form)),
                    () -> refuseBusy(viewId, actor, null, "preview"));
            return ctx.ackWithUpdate(BulkModal.resolving(BulkModal.RESOLVING_WORDS));
        });
        app.viewSubmission(BulkModal.PREVIEW_CALLBACK_ID, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            Actor actor = Actors.of(p);
            String viewId = p.getView().getId();
            String jobId = p.getView().getPrivateMetadata();
            afterAck.slow(() -> ModalOnScreen.of(views, viewId).run(() -> submit(viewId, actor, jobId)),
                    () -> refuseBusy(viewId, actor, jobId, "submission"));
            return ctx.ackWithUpdate(BulkModal.resolving("Checking your role again and starting the bulk sign-out…"));
        });
        app.blockAction(BulkJobMessage.APPROVE, (req, ctx) -> {
            press(req.getPayload(), "approve");
            return ctx.ack();
        });
        app.blockAction(BulkJobMessage.DENY, (req, ctx) -> {
            press(req.getPayload(), "deny");
            return ctx.ack();
        });
        app.blockAction(BulkJobMessage.CANCEL, (req, ctx) -> {
            press(req.getPayload(), "cancel");
            return ctx.ack();
        });
        app.blockAction(BulkJobMessage.RESUME, (req, ctx) -> {
            press(req.getPayload(), "resume");
            return ctx.ack();
        });
    }

    /**
     * Opens the bulk form: the modal first (the trigger lives 3 s), then the admin check and the user groups.
     *
     * @return false when the modal could not be shown
     */
    public boolean openForm(String triggerId, Actor actor, String fromViewId) {
        return openChecked(triggerId, actor, fromViewId, "the bulk sign-out form",
                BulkModal.checking("session-reset-bulk-" + UUID.randomUUID()), () -> {
                    TargetSources.Groups groups = sources.userGroups();
                    String note = groups.error() == null ? null : "User groups could not be read (`" + groups.error()
                            + "`): pick people or channels, or paste a list.";
                    return BulkModal.form(groups.groups().stream()
                            .map(g -> new BulkModal.GroupOption(g.id(), g.label())).toList(), note);
                });
    }

    /**
     * {@code /session-reset status [job-id]}: a modal with the job, or the running and recent ones.
     *
     * @return false when the modal could not be shown
     */
    public boolean openStatus(String triggerId, Actor actor, Optional<String> jobId) {
        return openChecked(triggerId, actor, null, "the bulk status",
                BulkModal.checking("session-reset-status-" + UUID.randomUUID()),
                () -> jobId.map(id -> BulkModal.status(service.find(id)
                                .map(job -> BulkStatus.one(job, clock.instant())).orElse(BulkStatus.notFound(id))))
                        .orElseGet(() -> BulkModal.status(service.recent(RECENT_JOBS), clock.instant())));
    }

    /** The admin check, then {@code content} for an admin or the refusal for anyone else. */
    private boolean openChecked(String triggerId, Actor actor, String fromViewId, String what, View placeholder,
            java.util.function.Supplier<View> content) {
        return ModalOnScreen.openChecked(views, triggerId, fromViewId, placeholder, what, actor.userId(), () -> {
            GateDecision decision = service.checkOpening(actor);
            return decision.allowed() ? content.get() : BulkModal.refused(decision);
        });
    }

    /** {@code /session-reset bulk} and {@code /session-reset status [job-id]}. */
    public void subcommands(CommandRouter router) {
        router.subcommand(BulkCommands.BULK, words -> BulkCommands.bulk(words,
                (triggerId, actor) -> openForm(triggerId, actor, null)));
        router.subcommand(BulkCommands.STATUS, words -> BulkCommands.status(words,
                jobId -> (triggerId, actor) -> openStatus(triggerId, actor, jobId)));
    }

    /** As a {@link dev.sessionguard.edge.HomeSection}: running and recent jobs on an admin's App Home. */
    public List<LayoutBlock> homeSection(Instant now) {
        return BulkStatus.homeSection(recentOrNull(), now);
    }

    /** As an {@link dev.sessionguard.edge.Opener}: the bulk form (it asks whom itself). */
    public boolean openForm(String triggerId, Actor actor, List<String> people, String fromViewId) {
        return openForm(triggerId, actor, fromViewId);
    }

    List<BulkJob> recentOrNull() {
        try {
            return service.recent(RECENT_JOBS);
        } catch (RuntimeException e) {
            log.error("Could not read bulk jobs for the App Home: {}", e.getMessage());
            return null;
        }
    }

    private void preview(String viewId, Actor actor, BulkForm form) {
        BulkService.Preview preview = service.preview(actor, form.request(), form.scope(), form.reason(),
                new ProgressView(views, viewId, clock));
        View view;
        if (preview instanceof BulkService.Refused refused) {
            view = BulkModal.refused(refused.gate());
        } else if (preview instanceof BulkService.FileUnreadable unreadable) {
            view = BulkModal.status(":no_entry: " + Mrkdwn.escape(unreadable.words()));
        } else if (preview instanceof BulkService.Nobody nobody) {
            view = BulkModal.preview(new BulkModal.BulkPreview(null, 0, form.scope(), form.reason(), nobody.excluded(),
                    false, service.threshold(), service.approvalTtl()));
        } else {
            BulkService.Shown shown = (BulkService.Shown) preview;
            BulkJob draft = shown.draft();
            view = BulkModal.preview(new BulkModal.BulkPreview(draft.id(), draft.targetCount(), form.scope(),
                    form.reason(), shown.excluded(), service.needsApproval(draft.targetCount()), service.threshold(),
                    service.approvalTtl()));
        }
        views.showResult(viewId, view, actor.userId(), "Your bulk sign-out preview is ready, but its window was closed: "
                + "nothing was done. Start again with " + BulkWords.NEW_BULK + ".");
    }

    private void submit(String viewId, Actor actor, String jobId) {
        BulkService.Submitted submitted = service.submit(actor, jobId);
        String words;
        if (submitted instanceof BulkService.Refused refused) {
            views.showResult(viewId, BulkModal.refused(refused.gate()), actor.userId(),
                    refused.gate().refusalText(BulkWords.NOTHING_DONE));
            return;
        } else if (submitted instanceof BulkService.NotSubmitted not) {
            words = ":no_entry: " + not.words();
        } else if (submitted instanceof BulkService.Unrecorded) {
            words = ":no_entry: " + BulkWords.AUDIT_UNAVAILABLE;
        } else {
            BulkJob job = ((BulkService.Requested) submitted).job();
            String people = BulkWords.people(job.targetCount());
            words = job.needsApproval()
                    ? ":raised_hand: Bulk job `" + job.id() + "` for " + people + " is waiting for a second admin's "
                            + "approval in <#" + auditChannel + ">. Nothing is sent until someone else approves it; the "
                            + "request expires in " + BulkWords.minutes(service.approvalTtl()) + "."
                    : ":rocket: Bulk job `" + job.id() + "` is starting: " + people + " will be "
                            + BulkWords.queued(job) + ", chunk by chunk. Follow it in <#"
                            + auditChannel + ">.";
        }
        views.showResult(viewId, BulkModal.status(words), actor.userId(), words);
    }

    /** A button on a job's audit message: checked and decided after the ack; the presser hears back by DM. */
    private void press(BlockActionPayload p, String what) {
        Actor actor = Actors.of(p);
        String jobId = p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getValue();
        MessagePress on = MessagePress.of(p);
        String channel = on.channel();
        afterAck.slow(() -> {
            String words;
            if (jobId == null || !auditChannel.equals(channel)) {
                // Only the job's own message in the audit channel carries these buttons.
                words = ":no_entry: Bulk jobs are approved, denied and cancelled from their message in <#"
                        + auditChannel + ">. " + BulkWords.NOTHING_CHANGED;
            } else {
                BulkService.Decided decided = switch (what) {
                    case "approve" -> service.approve(actor, jobId, on);
                    case "deny" -> service.deny(actor, jobId, on);
                    case "resume" -> service.resume(actor, jobId, on);
                    default -> service.cancel(actor, jobId, on);
                };
                words = words(decided, what, jobId);
            }
            var sent = views.message(actor.userId(), words, null);
            if (!sent.ok()) {
                log.warn("Could not tell {} how their {} press went: {}", actor.userId(), what, sent.error());
            }
        }, () -> {
            boolean recorded = service.recordRefused(actor, jobId, what, AfterAck.busy());
            return afterAck.lineTo(Reply.dm(actor.userId()), AfterAck.busy().recorded(recorded)
                    .refusalText(BulkWords.NOTHING_CHANGED));
        });
    }

    /** A bulk step the slow lane had no room for: audited as a refusal where it was refused, then shown. */
    private Runnable refuseBusy(String viewId, Actor actor, String jobId, String what) {
        GateDecision busy = AfterAck.busy().recorded(service.recordRefused(actor, jobId, what, AfterAck.busy()));
        return () -> views.showResult(viewId, BulkModal.refused(busy), actor.userId(),
                busy.refusalText(BulkWords.NOTHING_DONE));
    }


    private String words(BulkService.Decided decided, String what, String jobId) {
        if (decided instanceof BulkService.Refused refused) {
            return refused.gate().refusalText(BulkWords.NOTHING_CHANGED);
        }
        if (decided instanceof BulkService.Declined declined) {
            return ":no_entry: " + declined.words() + (declined.recorded() ? " This was recorded in the audit trail." : "");
        }
        if (decided instanceof BulkService.Unrecorded) {
            return ":no_entry: " + BulkWords.AUDIT_UNAVAILABLE;
        }
        BulkJob job = ((BulkService.Made) decided).job();
        return switch (what) {
            case "approve" -> ":white_check_mark: You approved bulk job `" + jobId + "`: " + job.targetCount()
                    + " people will be " + BulkWords.QUEUED + " to sign out. Follow it in <#" + auditChannel + ">.";
            case "deny" -> ":no_entry_sign: You denied bulk job `" + jobId + "`: nothing was sent.";
            case "resume" -> ":arrow_forward: You resumed bulk job `" + jobId + "` from chunk " + (job.nextChunk() + 1)
                    + " of " + job.chunks() + ". Follow it in <#" + auditChannel + ">.";
            default -> ":octagonal_sign: You cancelled bulk job `" + jobId + "`. Chunks already sent to Slack stay sent ("
                    + job.done() + " of " + job.targetCount() + " people queued so far); nothing more is sent.";
        };
    }
}
