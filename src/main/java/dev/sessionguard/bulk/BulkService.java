package dev.sessionguard.bulk;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.edge.MessagePress;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.signout.ResetScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident mode without Bolt: a preview of who would be signed out, a job made of exactly what the preview showed,
 * the two-person rule, cancel, expiry, and the job's audit records. Every step checks the admin again at the moment
 * it runs and is recorded; a step whose record can't be written is not taken.
 *
 * <p>Bulk jobs count against neither the per-admin minute limit nor {@code SESSION_GUARD_MAX_USERS}: the approval
 * of a second admin above {@code threshold} people is their limit.
 */
public final class BulkService {

    private static final Logger log = LoggerFactory.getLogger(BulkService.class);

    /** A preview can be submitted this long after it was shown; after that the people may have changed. */
    public static final Duration PREVIEW_TTL = Duration.ofMinutes(30);

    private final AdminGate gate;
    private final BulkTargets targets;
    private final BulkJobStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final int threshold;
    private final Duration approvalTtl;
    private final JobMessages messages;
    private final Runnable wake;

    /**
     * @param messages where each job's message is, so a press is acted on only from that message
     * @param wake     called after a job becomes runnable, so the runner starts it now rather than at its next poll
     */
    public BulkService(AdminGate gate, BulkTargets targets, BulkJobStore store, AuditLog audit, JobMessages messages,
            Clock clock, int threshold, Duration approvalTtl, Runnable wake) {
        this.gate = gate;
        this.targets = targets;
        this.store = store;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
        this.threshold = threshold;
        this.approvalTtl = approvalTtl;
        this.wake = wake;
    }

    public int threshold() {
        return threshold;
    }

    public Duration approvalTtl() {
        return approvalTtl;
    }

    // ------------------------------------------------------------------ preview

    /** What a preview came to. */
    public sealed interface Preview {
    }

    /** Refused by the gate; {@code gate.recorded()} says whether the refusal is in the audit trail. */
    public record Refused(GateDecision gate) implements Preview, Submitted, Decided {
    }

    /** Nobody is left to sign out: nothing was stored. */
    public record Nobody(List<Exclusion> excluded) implements Preview {
    }

    /** The draft job holding exactly what is shown. */
    public record Shown(BulkJob draft, List<Exclusion> excluded) implements Preview {
    }

    /** An uploaded breach list could not be read: nobody was looked up, nothing was stored. */
    public record FileUnreadable(String words) implements Preview {
    }

    /** The gate's answer when a form or status is opened; a refusal is recorded like every refusal. */
    public GateDecision checkOpening(Actor actor) {
        // Opening only shows a form or a status: a recent "allowed" may stand in (every step after checks afresh).
        GateDecision decision = gate.checkToOpen(actor.userId(), actor.requestOrgId());
        return decision.allowed() ? decision : refuse(actor, null, "opening the bulk sign-out form", decision);
    }

    /** Finds the people (this can take minutes for thousands) and stores them as a draft only its requester can submit. */
    public Preview preview(Actor actor, BulkTargets.Request request, ResetScope scope, String reason) {
        return preview(actor, request, scope, reason, BulkTargets.Progress.NONE);
    }

    /** @param progress told how far finding the people has got */
    public Preview preview(Actor actor, BulkTargets.Request request, ResetScope scope, String reason,
            BulkTargets.Progress progress) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, null, "a bulk sign-out preview", decision));
        }
        BulkTargets.Result found = targets.resolve(request, progress);
        if (found.unreadableFile() != null) {
            return new FileUnreadable(found.unreadableFile());
        }
        if (found.userIds().isEmpty()) {
            return new Nobody(found.excluded());
        }
        BulkJob draft = store.draft(new BulkJobStore.Draft(actor.userId(), actor.requestOrgId(), scope, reason,
                found.userIds(), found.excluded()), PREVIEW_TTL);
        return new Shown(draft, found.excluded());
    }

    public boolean needsApproval(int people) {
        return people > threshold;
    }

    // ------------------------------------------------------------------ submit

    /** What submitting a preview came to. */
    public sealed interface Submitted {
    }

    /** The preview can't be submitted (another admin's, too old, already submitted): nothing was done. */
    public record NotSubmitted(String words) implements Submitted {
    }

    /** Nothing was done: the request could not be written to the audit trail. */
    public record Unrecorded() implements Submitted, Decided {
    }

    /** The job waits for a second admin, or (no approval needed) is about to run. */
    public record Requested(BulkJob job) implements Submitted {
    }

    public Submitted submit(Actor actor, String jobId) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, jobId, "starting a bulk sign-out", decision));
        }
        Optional<BulkJob> found = store.find(jobId);
        if (found.isEmpty()) {
            return new NotSubmitted("This preview is no longer there (previews last "
                    + PREVIEW_TTL.toMinutes() + " minutes). Start again with " + BulkWords.NEW_BULK + ".");
        }
        boolean approval = needsApproval(found.get().targetCount());
        BulkJobStore.Change change = store.submit(jobId, actor.userId(), approval, approvalTtl);
        if (change instanceof BulkJobStore.Change.Refused refused) {
            String words = switch (refused.why()) {
                case NOT_REQUESTER -> "Only the admin who was shown this preview can start it.";
                case APPROVAL_EXPIRED -> "This preview is more than " + PREVIEW_TTL.toMinutes()
                        + " minutes old, so the people in it may have changed. Start again with " + BulkWords.NEW_BULK
                        + ".";
                default -> "This preview was already submitted, so nothing more was done.";
            };
            return new NotSubmitted(words);
        }
        BulkJob job = ((BulkJobStore.Change.Made) change).job();
        OptionalLong seq = audit.append(BulkRecords.request(clock.instant(), job, store.targets(jobId),
                store.exclusions(jobId), threshold));
        if (seq.isEmpty()) {
            // Not one person is sent without the request on record: the job is stopped before it can run.
            store.cancel(jobId, actor.userId());
            log.error("Bulk job {} stopped before it ran: its request could not be written to the audit trail", jobId);
            return new Unrecorded();
        }
        store.recorded(jobId, seq.getAsLong());
        BulkJob linked = store.find(jobId).orElse(job);
        if (!approval) {
            wake.run();
        }
        return new Requested(linked);
    }

    // ------------------------------------------------------------------ decisions

    /** What an approve, deny or cancel press came to. */
    public sealed interface Decided {
    }

    /** The press changed nothing, for these words (already decided, expired, own request …); recorded if true. */
    public record Declined(String words, boolean recorded) implements Decided {
    }

    /** The change was made and recorded. */
    public record Made(BulkJob job) implements Decided {
    }


    public Decided approve(Actor actor, String jobId, MessagePress on) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, jobId, "approval", decision));
        }
        Optional<Decided> elsewhere = notItsMessage(actor, jobId, "approval", on);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        Optional<BulkJob> job = store.find(jobId);
        if (job.isPresent() && job.get().requesterId().equals(actor.userId())) {
            String words = "You requested this job, so a second admin must approve it.";
            return new Declined(words, audit.record(BulkRecords.refused(clock.instant(), actor.userId(), jobId,
                    "approval", "own_request", words)));
        }
        BulkJobStore.Change change = store.approve(jobId, actor.userId());
        if (change instanceof BulkJobStore.Change.Refused refused) {
            return declined(actor, jobId, "approval", refused);
        }
        BulkJob approved = ((BulkJobStore.Change.Made) change).job();
        boolean recorded = audit.record(BulkRecords.decision(clock.instant(), BulkRecords.APPROVE, actor.userId(),
                approved, "approved by <@" + actor.userId() + ">; " + approved.targetCount()
                        + " people will be " + BulkWords.QUEUED + "."));
        if (!recorded) {
            // Fail closed: an approval nobody can find later must not sign anyone out.
            store.cancel(jobId, actor.userId());
            return new Unrecorded();
        }
        wake.run();
        return new Made(approved);
    }

    public Decided deny(Actor actor, String jobId, MessagePress on) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, jobId, "denial", decision));
        }
        Optional<Decided> elsewhere = notItsMessage(actor, jobId, "denial", on);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        BulkJobStore.Change change = store.deny(jobId, actor.userId());
        if (change instanceof BulkJobStore.Change.Refused refused) {
            return declined(actor, jobId, "denial", refused);
        }
        BulkJob denied = ((BulkJobStore.Change.Made) change).job();
        audit.record(BulkRecords.decision(clock.instant(), BulkRecords.DENY, actor.userId(), denied,
                "denied by <@" + actor.userId() + ">; nothing was sent."));
        return new Made(denied);
    }

    public Decided cancel(Actor actor, String jobId, MessagePress on) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, jobId, "cancel", decision));
        }
        Optional<Decided> elsewhere = notItsMessage(actor, jobId, "cancel", on);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        BulkJobStore.Change change = store.cancel(jobId, actor.userId());
        if (change instanceof BulkJobStore.Change.Refused refused) {
            return declined(actor, jobId, "cancel", refused);
        }
        BulkJob cancelled = ((BulkJobStore.Change.Made) change).job();
        audit.record(BulkRecords.decision(clock.instant(), BulkRecords.CANCEL, actor.userId(), cancelled,
                "cancelled by <@" + actor.userId() + "> after " + cancelled.done() + " of " + cancelled.targetCount()
                        + " people were " + BulkWords.QUEUED + "; chunks already sent stay sent."));
        return new Made(cancelled);
    }

    /** A job that stopped on an error goes on from its stored chunk; its run checks the requester again. */
    public Decided resume(Actor actor, String jobId, MessagePress on) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            return new Refused(refuse(actor, jobId, "resume", decision));
        }
        Optional<Decided> elsewhere = notItsMessage(actor, jobId, "resume", on);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        Optional<BulkJob> stopped = store.find(jobId);
        if (stopped.isPresent() && stopped.get().state() == BulkJob.State.FAILED && !stopped.get().allChunksDone()
                && !stopped.get().resumable()) {
            // Every run checks the requester first: resuming would only stop again, so it is not offered at all.
            String words = BulkWords.job(jobId) + " stopped because <@" + stopped.get().requesterId() + ">, who "
                    + "requested it, no longer passes the admin check, and every run checks the requester again "
                    + "first: Resume can't send the rest. To sign out the people not sent yet, start a new bulk sign-out "
                    + "with " + BulkWords.NEW_BULK + ".";
            return new Declined(words, audit.record(BulkRecords.refused(clock.instant(), actor.userId(), jobId,
                    "resume", "requester_not_admin", words)));
        }
        BulkJobStore.Change change = store.resume(jobId, actor.userId());
        if (change instanceof BulkJobStore.Change.Refused refused) {
            return declined(actor, jobId, "resume", refused);
        }
        BulkJob resumed = ((BulkJobStore.Change.Made) change).job();
        boolean recorded = audit.record(BulkRecords.decision(clock.instant(), BulkRecords.RESUME, actor.userId(),
                resumed, "resumed by <@" + actor.userId() + "> from chunk " + (resumed.nextChunk() + 1) + " of "
                        + resumed.chunks() + "."));
        if (!recorded) {
            store.cancel(jobId, actor.userId());
            return new Unrecorded();
        }
        wake.run();
        return new Made(resumed);
    }

    /** Ends every request nobody approved in time, and forgets previews nobody submitted. Returns the expired. */
    public List<BulkJob> expireDue() {
        List<BulkJob> expired = store.expireDue();
        for (BulkJob job : expired) {
            audit.record(BulkRecords.decision(clock.instant(), BulkRecords.EXPIRE, job.requesterId(), job,
                    "expired: nobody approved it within " + BulkWords.minutes(approvalTtl) + ", so nothing was sent."));
        }
        store.deleteStaleDrafts();
        return expired;
    }

    public Optional<BulkJob> find(String jobId) {
        return store.find(jobId).filter(j -> j.state() != BulkJob.State.DRAFT);
    }

    public List<BulkJob> recent(int limit) {
        return store.recent(limit);
    }

    /**
     * A press is acted on only from the job's own message: the one its request record was delivered as. A button
     * value names a job, and nothing else in the payload ties it to that job; so a press carrying another message's
     * ts, or one made before the job's message is known, is refused and recorded. An unknown job falls through to
     * the store's own refusal.
     */
    private Optional<Decided> notItsMessage(Actor actor, String jobId, String what, MessagePress on) {
        Optional<BulkJob> job = jobId == null ? Optional.empty() : store.find(jobId);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        Long requestSeq = job.get().requestSeq();
        Optional<AuditStore.Delivered> message = requestSeq == null ? Optional.empty() : messages.find(requestSeq);
        String code;
        String words;
        if (message.isEmpty()) {
            code = "message_not_posted";
            words = BulkWords.job(jobId) + " has no message in the audit channel yet, so this press can't be matched "
                    + "to it and nothing was changed. Press the button on the job's message once it appears.";
        } else if (on == null || !message.get().messageTs().equals(on.messageTs())
                || !message.get().channel().equals(on.channel())) {
            code = "not_its_message";
            words = "That button is not on bulk job " + jobId + "'s own message, so nothing was changed. Use the "
                    + "buttons on the job's message in the audit channel.";
        } else {
            return Optional.empty();
        }
        return Optional.of(new Declined(words, audit.record(BulkRecords.refused(clock.instant(), actor.userId(),
                jobId, what, code, words))));
    }

    private Decided declined(Actor actor, String jobId, String what, BulkJobStore.Change.Refused refused) {
        boolean expired = refused.why() == BulkJobStore.Why.APPROVAL_EXPIRED
                || refused.job().map(j -> j.state() == BulkJob.State.EXPIRED).orElse(false);
        String words = expired
                ? "This request has expired: nobody approved it within " + BulkWords.minutes(approvalTtl)
                + ", so nothing was sent." : switch (refused.why()) {
            case NO_SUCH_JOB -> "There is no bulk job " + jobId + ".";
            case OWN_REQUEST -> "You requested this job, so a second admin must approve it.";
            default -> refused.job()
                    .map(j -> BulkWords.job(j.id()) + " is " + BulkWords.stateInSentence(j) + ", so nothing was changed.")
                    .orElse(BulkWords.NOTHING_CHANGED);
        };
        String code = refused.why().name().toLowerCase(java.util.Locale.ROOT);
        return new Declined(words, audit.record(BulkRecords.refused(clock.instant(), actor.userId(),
                refused.job().isPresent() ? jobId : null, what, code, words)));
    }

    private GateDecision refuse(Actor actor, String jobId, String what, GateDecision decision) {
        boolean recorded = audit.record(BulkRecords.refused(clock.instant(), actor.userId(), jobId, what,
                decision.code(), decision.reason()));
        return decision.recorded(recorded);
    }

    /**
     * A bulk step refused before it reached this service (the slow lane had no room for it): recorded as the
     * service's own refusals are.
     *
     * @return whether it is in the audit trail
     */
    public boolean recordRefused(Actor actor, String jobId, String what, GateDecision decision) {
        return audit.record(BulkRecords.refused(clock.instant(), actor.userId(), jobId, what, decision.code(),
                decision.reason()));
    }
}
