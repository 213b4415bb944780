package dev.sessionguard.audit;

import dev.sessionguard.audit.TargetResult.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a destructive action by the write-ahead rule, the same way for every feature: commit the "in progress"
 * record, send each batch to Slack and save its outcomes as they land, then commit the closing record. Nothing is
 * sent when the intent can't be committed or the actor is past the limit; nothing more is sent once an outcome
 * can't be saved. A shutdown or an unexpected error stops what is left, and the closing record says so.
 */
public final class AuditedAction {

    private static final Logger log = LoggerFactory.getLogger(AuditedAction.class);

    /** How it went, for the service to report. */
    public enum Kind {
        /** Begun and closed; {@code results} holds every person. */
        DONE,
        /** Nothing was done: the audit trail could not be written. */
        AUDIT_UNAVAILABLE,
        /** Nothing was done: the actor is past the per-admin limit. */
        OVER_LIMIT
    }

    /**
     * @param recorded whether the closing record (or, for a refusal, nothing) is in the audit trail
     * @param recent   for {@link Kind#OVER_LIMIT}: people the actor signed out in the last minute
     * @param limit    for {@link Kind#OVER_LIMIT}: the most they may
     */
    public record Result(Kind kind, List<TargetResult> results, boolean recorded, int recent, int limit) {

        /** Why nothing was done, as a short code for the audit trail: {@code audit_unavailable}, {@code over_limit}. */
        public String code() {
            return kind.name().toLowerCase(Locale.ROOT);
        }

        /** What the admin reads when nothing was done. */
        public String words() {
            return nothingDone(this);
        }
    }

    private AuditedAction() {
    }

    /**
     * @param intent   the "in progress" record (see {@link #intent})
     * @param signOuts how many people this may sign out, for the per-admin limit (0 for a policy change)
     * @param batches  the targets, grouped as they are sent to Slack
     * @param work     sends one batch and returns one outcome per person in it, in order
     * @param closing  the closing record, made from every outcome
     */
    public static Result run(AuditLog audit, AuditRecord intent, int signOuts, List<List<String>> batches,
            Function<List<String>, List<TargetResult>> work, Function<List<TargetResult>, AuditRecord> closing) {
        AuditLog.Start start = audit.begin(intent, signOuts);
        if (start instanceof AuditLog.Unavailable) {
            // The log already wrote the refusal where it could (the log, a direct post): the store can't take it.
            return UNAVAILABLE;
        }
        if (start instanceof AuditLog.OverLimit over) {
            Result refused = new Result(Kind.OVER_LIMIT, List.of(), false, over.recent(), over.limit());
            boolean recorded = audit.record(refusal(intent, refused));
            return new Result(Kind.OVER_LIMIT, List.of(), recorded, over.recent(), over.limit());
        }
        AuditLog.Action action = ((AuditLog.Started) start).action();
        List<TargetResult> results = new ArrayList<>();
        String stopped = null; // why what is left was not attempted
        for (List<String> batch : batches) {
            if (stopped == null && Thread.currentThread().isInterrupted()) {
                stopped = "Session Guard was stopping. Try again.";
            }
            if (stopped != null) {
                for (String id : batch) {
                    results.add(notAttempted(id, stopped));
                }
                continue;
            }
            try {
                results.addAll(work.apply(batch));
            } catch (RuntimeException e) {
                log.error("An audited action failed unexpectedly ({}); what is left is not attempted",
                        e.getClass().getSimpleName(), e);
                batch.forEach(id -> results.add(new TargetResult(id, Status.UNKNOWN, "unexpected_error",
                        "Session Guard hit an unexpected error while sending this to Slack; check whether it happened.")));
                stopped = "Session Guard stopped after an unexpected error. Try again.";
                continue;
            }
            if (!action.landed(results)) {
                stopped = "the audit trail could not be written, so nothing more was done.";
            }
        }
        boolean recorded = action.finish(closing.apply(List.copyOf(results)));
        return new Result(Kind.DONE, List.copyOf(results), recorded, 0, 0);
    }

    /**
     * The "in progress" record: the same facts as the closing one will have, every target pending, and the shape's
     * {@code ref} (the message it updates, e.g. an anomaly's card; the closing record then refers to this one).
     */
    public static AuditRecord intent(AuditRecord shape, List<String> userIds) {
        return new AuditRecord(shape.at(), shape.actorId(), shape.action(), AuditRecord.Outcome.IN_PROGRESS,
                shape.scope(), shape.reason(), shape.detail(), userIds.stream().map(TargetResult::pending).toList(),
                shape.ref());
    }

    /**
     * The closing record of an action whose instance died (a crash, a kill, a lost machine): what had landed, and
     * for everyone else that the outcome is unknown, because Slack may have acted before the instance died.
     */
    public static AuditRecord interrupted(AuditRecord begun, List<TargetResult> landed, Instant now) {
        Map<String, TargetResult> byPerson = new HashMap<>();
        landed.forEach(t -> byPerson.put(t.userId(), t));
        List<TargetResult> targets = begun.targets().stream()
                .map(t -> byPerson.getOrDefault(t.userId(), new TargetResult(t.userId(), Status.UNKNOWN, "interrupted",
                        "Outcome unknown: Session Guard stopped while this action ran, so this may or may not have "
                                + "happened. Check in Slack and run it again if needed.")))
                .toList();
        long unknown = targets.stream().filter(t -> t.status() == Status.UNKNOWN).count();
        return new AuditRecord(now, begun.actorId(), begun.action(), AuditRecord.Outcome.of(targets), begun.scope(),
                begun.reason(), "Interrupted: Session Guard stopped before this action finished; " + unknown + " of "
                        + targets.size() + " outcomes are unknown.", targets);
    }

    /** What an admin reads when nothing was done because of {@code result}'s kind. */
    public static String nothingDone(Result result) {
        return switch (result.kind()) {
            case AUDIT_UNAVAILABLE -> "The audit trail can't be written right now, so nothing was done.";
            case OVER_LIMIT -> "You have signed out " + result.recent() + " people in the last minute, and Session Guard "
                    + "lets one admin sign out at most " + result.limit() + " a minute (SESSION_GUARD_MAX_RESETS_PER_MINUTE)"
                    + ", so nothing was done. Try again in a minute.";
            case DONE -> "";
        };
    }

    static final Result UNAVAILABLE = new Result(Kind.AUDIT_UNAVAILABLE, List.of(), false, 0, 0);

    /** The record of {@code intent} refused for {@code refused}'s kind: nobody was attempted. */
    static AuditRecord refusal(AuditRecord intent, Result refused) {
        String code = refused.code();
        return AuditRecord.refusal(intent.at(), intent.actorId(), intent.action(), intent.scope(), intent.reason(),
                "Refused (" + code + "): " + nothingDone(refused),
                intent.targets().stream().map(TargetResult::userId).toList(), "Not attempted: " + code.replace('_', ' '));
    }

    private static TargetResult notAttempted(String userId, String why) {
        return new TargetResult(userId, Status.NOT_ATTEMPTED, null, "Not attempted: " + why);
    }
}
