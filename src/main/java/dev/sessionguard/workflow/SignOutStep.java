package dev.sessionguard.workflow;

import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.access.Refusals;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.safety.PeopleCap;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.text.UserText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workflow Builder step "Sign people out of Slack", without Bolt: one run of it, once per
 * {@code function_execution_id}. The runner passes the same admin gate as {@code /session-reset}, checked now; the
 * sign-out goes the interactive reset's way ({@link SignOutService}: written ahead, never a protected account or the
 * primary owner, within SESSION_GUARD_MAX_USERS and the runner's per-minute limit); the outcome is what the step
 * completes with, in outputs that tell the truth.
 */
public final class SignOutStep {

    private static final Logger log = LoggerFactory.getLogger(SignOutStep.class);

    /** The step's callback id in the manifests. */
    public static final String CALLBACK_ID = "sign_out_people";
    /** How long a run's id is kept: far past any retry or redelivery of its event. */
    static final Duration KEEP_RUN = Duration.ofDays(30);
    private static final Pattern SLACK_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
    private static final String NOBODY = "Nobody was signed out.";

    /**
     * One run, as the event gave it; anything may be missing or odd (a builder's input, a changed manifest).
     *
     * @param runner the {@code runner} input's user ID (the person who ran the workflow), or null
     * @param scope  the {@code scope} input as given, or null for the default
     */
    public record Run(String executionId, String workflowExecutionId, String runner, String orgId,
            List<String> people, String scope, String reason) {
    }

    /** What the step completes with. */
    public sealed interface Outcome permits Completed, Failed, AlreadyRun {
    }

    /**
     * The step succeeded: Slack was asked, and these are its answers.
     *
     * @param signedOut    the people Slack confirmed
     * @param notSignedOut everyone else: excluded (protected, primary owner, bot, deactivated) or refused by Slack
     * @param summary      the result in words, with the reasons
     */
    public record Completed(List<String> signedOut, List<String> notSignedOut, String summary) implements Outcome {
    }

    /** The step failed as a whole, in words for the workflow's owner; nothing was signed out. */
    public record Failed(String error) implements Outcome {
    }

    /** This run was taken before (a retry, a second delivery, another instance): nothing more to do or say. */
    public record AlreadyRun() implements Outcome {
    }

    private final StepRuns runs;
    private final AdminGate gate;
    private final SignOutService signOut;
    private final AuditLog audit;
    private final PeopleCap cap;
    private final Clock clock;
    private final Refusals refusals;

    public SignOutStep(StepRuns runs, AdminGate gate, SignOutService signOut, AuditLog audit, int maxUsers,
            Clock clock) {
        this.runs = runs;
        this.gate = gate;
        this.signOut = signOut;
        this.audit = audit;
        this.cap = new PeopleCap(maxUsers);
        this.clock = clock;
        this.refusals = new Refusals(audit, clock);
    }

    /** Runs it once: a second call for the same execution id does nothing. */
    public Outcome run(Run run) {
        if (run.executionId() == null || !SLACK_ID.matcher(run.executionId()).matches()) {
            log.warn("A function_executed event without a usable function_execution_id was not run");
            return new AlreadyRun(); // nothing to complete it by
        }
        try {
            if (!runs.claim(run.executionId(), clock.instant().plus(KEEP_RUN))) {
                log.info("Workflow step run {} was taken before; not run again", run.executionId());
                return new AlreadyRun();
            }
        } catch (RuntimeException e) {
            log.error("Could not record workflow step run {} ({}); nothing was done", run.executionId(),
                    e.getClass().getSimpleName());
            return new Failed("Session Guard can't write its records right now, so nobody was signed out. "
                    + "Run the workflow again in a few minutes.");
        }
        return decide(run);
    }

    /**
     * A run the app had no room for right now: taken (so it never acts later), recorded as refused, and failed in
     * words.
     */
    public Outcome refuseBusy(Run run, GateDecision busy) {
        try {
            if (run.executionId() == null || !runs.claim(run.executionId(), clock.instant().plus(KEEP_RUN))) {
                return new AlreadyRun();
            }
        } catch (RuntimeException e) {
            return new Failed(busy.reason() + " " + NOBODY);
        }
        return refuse(run, people(run.people()), scope(run.scope()), UserText.clean(run.reason()), busy.code(),
                busy.reason() + " " + NOBODY);
    }

    private Outcome decide(Run run) {
        String reason = UserText.clean(run.reason());
        ResetScope scope = scope(run.scope());
        List<String> people = people(run.people());
        String runner = run.runner() != null && Mrkdwn.isUserId(run.runner()) ? run.runner() : null;
        if (runner == null) {
            return refuse(run, people, scope, reason, "no_runner", "The step has no runner: its runner input must be "
                    + "the person who ran the workflow (Workflow Builder fills it in). " + NOBODY);
        }
        Actor actor = new Actor(runner, run.orgId());
        GateDecision decision = gate.check(runner, run.orgId());
        if (!decision.allowed()) {
            boolean recorded = refusals.record(actor, AuditRecord.SESSION_RESET, scope == null ? null : scope.label(),
                    reason, "in a workflow (" + where(run) + ")", decision, people,
                    "Not attempted: the workflow's runner was refused");
            return new Failed("Only Org Owners and Org Admins can run this step. The person who ran this workflow "
                    + "is not one (" + decision.code() + "), so nobody was signed out."
                    + (recorded ? " The refusal is in Session Guard's audit trail." : ""));
        }
        if (scope == null) {
            return refuse(run, people, null, reason, "bad_scope", "The scope must be all, web or mobile, not \""
                    + shown(run.scope()) + "\". " + NOBODY);
        }
        if (reason.isBlank()) {
            return refuse(run, people, scope, reason, "no_reason", "A reason is required: it goes in the audit "
                    + "trail with every sign-out. " + NOBODY);
        }
        if (reason.length() > SignOutService.REASON_MAX) {
            return refuse(run, people, scope, reason.substring(0, SignOutService.REASON_MAX), "reason_too_long",
                    "The reason may be at most " + SignOutService.REASON_MAX + " characters. " + NOBODY);
        }
        if (people.isEmpty()) {
            return refuse(run, people, scope, reason, "no_people", "The step was given nobody to sign out. "
                    + NOBODY);
        }
        if (!cap.allows(people.size())) {
            return refuse(run, people, scope, reason, PeopleCap.CODE, "This step signs out at most " + cap.max()
                    + " people at once (SESSION_GUARD_MAX_USERS), and it was given " + people.size() + ". " + NOBODY);
        }
        SignOutService.Report report = signOut.signOut(runner, people, scope, reason, new SignOutService.Filing(
                AuditRecord.SESSION_RESET, null, "From Workflow Builder: workflow execution " + where(run) + ".",
                results -> { }), people.size());
        if (report.refused()) {
            return new Failed(report.gate().reason() + " (" + report.gate().code() + ")");
        }
        return outcome(report.results(), scope);
    }

    /** Completed with who Slack confirmed, unless the admin token was refused for everyone. */
    private static Outcome outcome(List<TargetResult> results, ResetScope scope) {
        List<String> signedOut = new ArrayList<>();
        List<String> notSignedOut = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (TargetResult t : results) {
            if (t.status() == TargetResult.Status.DONE) {
                signedOut.add(t.userId());
            } else {
                notSignedOut.add(t.userId());
                why.add("<@" + t.userId() + ">: " + t.words());
            }
        }
        boolean tokenRefused = signedOut.isEmpty() && results.stream().allMatch(t -> t.errorCode() != null
                && SlackErrors.kind(t.errorCode()) == SlackErrors.Kind.TOKEN_REFUSED);
        if (tokenRefused) {
            String code = results.get(0).errorCode();
            return new Failed("Slack refused Session Guard's admin token (" + code + "), so nobody was signed out. "
                    + SlackErrors.describe(code));
        }
        StringBuilder summary = new StringBuilder();
        summary.append(signedOut.isEmpty() ? "Nobody was signed out"
                : "Signed out of " + scopeWords(scope) + ": " + mentions(signedOut));
        summary.append(" (").append(signedOut.size()).append(" of ").append(results.size()).append(").");
        if (!why.isEmpty()) {
            summary.append(" Not signed out: ").append(String.join("; ", why));
            if (!summary.toString().endsWith(".")) {
                summary.append('.');
            }
        }
        return new Completed(List.copyOf(signedOut), List.copyOf(notSignedOut), summary.toString());
    }

    private static String scopeWords(ResetScope scope) {
        return switch (scope) {
            case ALL -> "every session";
            case WEB -> "web sessions";
            case MOBILE -> "mobile sessions";
        };
    }

    private static String mentions(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "<@" + id + ">").toList());
    }

    /** A refusal before anything was sent: recorded, and the step fails with {@code words}. */
    private Outcome refuse(Run run, List<String> people, ResetScope scope, String reason, String code, String words) {
        String actor = run.runner() != null && Mrkdwn.isUserId(run.runner()) ? run.runner() : AuditRecord.SLACK;
        audit.record(AuditRecord.refusal(clock.instant(), actor, AuditRecord.SESSION_RESET,
                scope == null ? null : scope.label(), reason, "Refused in a workflow (" + where(run) + ") (" + code
                        + "): " + words, people, "Not attempted: " + code.replace('_', ' ')));
        return new Failed(words);
    }

    private static String where(SignOutStep.Run run) {
        return shown(run.workflowExecutionId()) + ", step run " + shown(run.executionId());
    }

    /** null for a scope the step doesn't know; the default (all) when none is given. */
    static ResetScope scope(String given) {
        if (given == null || given.isBlank()) {
            return ResetScope.ALL;
        }
        return switch (given.strip().toLowerCase(Locale.ROOT)) {
            case "all" -> ResetScope.ALL;
            case "web" -> ResetScope.WEB;
            case "mobile" -> ResetScope.MOBILE;
            default -> null;
        };
    }

    /** The people, each once, in order; anything that is not a user ID is left out. */
    private static List<String> people(List<String> given) {
        Set<String> people = new LinkedHashSet<>();
        if (given != null) {
            given.stream().filter(p -> p != null && Mrkdwn.isUserId(p.strip())).map(String::strip)
                    .forEach(people::add);
        }
        return List.copyOf(people);
    }

    /** A value from the event, safe to quote in words: short, without controls or markup. */
    private static String shown(String value) {
        if (value == null) {
            return "none";
        }
        String clean = UserText.clean(value).replaceAll("[^A-Za-z0-9_.-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
