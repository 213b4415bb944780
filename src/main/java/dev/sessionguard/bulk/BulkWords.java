package dev.sessionguard.bulk;

import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How a bulk job reads, shared by its audit message, the App Home and {@code /session-reset status}, so an admin
 * reads the same words wherever they look. Ok from Slack only means queued, so nothing here says "signed out".
 */
final class BulkWords {

    /** Slack's ok means queued, never "signed out": Slack ends the sessions itself. */
    static final String QUEUED = "queued with Slack";
    /** How every bulk audit record's detail starts; {@link BulkRecords#jobId} reads the id back from it. */
    static final String JOB = "Bulk job ";
    /** Where an admin starts (again): the form's command. */
    static final String NEW_BULK = "`/session-reset bulk`";
    static final String NOTHING_SENT = "Nothing was sent to Slack.";
    static final String NOTHING_DONE = "Nothing was done.";
    static final String NOTHING_CHANGED = "Nothing was changed.";
    static final String AUDIT_UNAVAILABLE = "The audit trail can't be written right now, so nothing was done.";
    /** {@link BreachFile#MAX_BYTES} in words. */
    static final String FILE_LIMIT = "5 MB";

    private BulkWords() {
    }

    /** Grouped the same way whatever the server's locale: "10,000". */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String people(long n) {
        return number(n) + (n == 1 ? " person" : " people");
    }

    /** "Bulk job 7K3M9Q2XZP". */
    static String job(String id) {
        return JOB + id;
    }

    /** "9,000 queued with Slack, 2 failed, 0 not attempted, 12 excluded": a job's people by outcome, in a line. */
    static String tally(BulkJob job) {
        return number(job.done()) + " " + QUEUED + ", " + number(job.failed()) + " failed, "
                + number(job.notAttempted()) + " not attempted, " + number(job.excluded()) + " excluded";
    }

    /** Time since the first claim, or "not started". */
    static String elapsed(BulkJob job, Instant now) {
        return job.startedAt() == null ? "not started" : duration(job.elapsed(now));
    }

    /** Short, for elapsed time: "45 s", "2 min 5 s", "1 h 3 min". */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }

    /** In words, for a window an admin plans around: "30 minutes", "2 hours", "90 seconds". */
    static String window(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3600 && s % 3600 == 0) {
            return plural(s / 3600, "hour");
        }
        if (s >= 60 && s % 60 == 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    /** A window in whole minutes when it is some, else in seconds: "30 minutes", "90 seconds". */
    static String minutes(Duration d) {
        long s = d.toSeconds();
        if (s % 60 != 0 || s < 60) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long m = s / 60;
        return m + (m == 1 ? " minute" : " minutes");
    }

    private static String plural(long n, String unit) {
        return number(n) + " " + unit + (n == 1 ? "" : "s");
    }

    /** Slack shows it in each reader's own time zone; the ISO text is the fallback for old clients. */
    static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
    }

    /** What a job whose stored scope this build does not know shows in place of its scope. */
    static final String UNKNOWN_SCOPE = "Unknown scope (not one this version of Session Guard knows)";

    /** An unknown stored scope is said so, not guessed at: the runner refuses to send such a job. */
    static String scope(BulkJob job) {
        return job.scope() == null ? UNKNOWN_SCOPE : job.scope().label();
    }

    /** "*Scope:* Web only", as the preview and the status show it. */
    static String scopeField(ResetScope scope) {
        return SCOPE_FIELD + scope.label();
    }

    private static final String SCOPE_FIELD = "*Scope:* ";

    /** "queued with Slack to sign out of all sessions", in the words the engine's outcomes use. */
    static String queued(ResetScope scope) {
        String words = BulkSender.queuedWords(scope);
        return Character.toLowerCase(words.charAt(0)) + words.substring(1);
    }

    static String queued(BulkJob job) {
        return job.scope() == null ? QUEUED + " (scope unknown)" : queued(job.scope());
    }

    /** The store marks overdue requests expired on its own schedule; until it does, the deadline still rules. */
    static boolean approvalLapsed(BulkJob job, Instant now) {
        return job.state() == State.AWAITING_APPROVAL
                && (job.approvalExpiresAt() == null || !now.isBefore(job.approvalExpiresAt()));
    }

    static boolean approvable(BulkJob job, Instant now) {
        return job.state() == State.AWAITING_APPROVAL && !approvalLapsed(job, now);
    }

    static boolean cancellable(BulkJob job) {
        return job.state() == State.APPROVED || job.state() == State.RUNNING;
    }

    /** The state inside a sentence: "Bulk job … is waiting for approval, so nothing was changed." */
    static String stateInSentence(BulkJob job) {
        return switch (job.state()) {
            case DRAFT -> "not submitted yet";
            case AWAITING_APPROVAL -> "waiting for approval";
            case APPROVED -> "approved and starting";
            case RUNNING -> "running";
            case DONE -> "finished";
            case CANCELLED -> "cancelled" + (job.cancelledBy() == null ? "" : " by <@" + job.cancelledBy() + ">");
            case DENIED -> "denied" + (job.decidedBy() == null ? "" : " by <@" + job.decidedBy() + ">")
                    + " and nothing was sent";
            case EXPIRED -> "expired";
            case FAILED -> job.resumable() ? "stopped (it can be resumed)" : "stopped";
        };
    }

    static String state(BulkJob job, Instant now) {
        if (approvalLapsed(job, now)) {
            return "Expired";
        }
        return switch (job.state()) {
            case DRAFT -> "Draft, not submitted";
            case AWAITING_APPROVAL -> "Waiting for approval";
            case APPROVED -> "Approved, starting";
            case RUNNING -> "Running";
            case DONE -> "Finished";
            case CANCELLED -> "Cancelled";
            case DENIED -> "Denied";
            case EXPIRED -> "Expired";
            case FAILED -> "Failed";
        };
    }

    static String icon(BulkJob job, Instant now) {
        if (approvalLapsed(job, now)) {
            return ":alarm_clock:";
        }
        return switch (job.state()) {
            case DRAFT -> ":memo:";
            case AWAITING_APPROVAL -> ":raised_hand:";
            case APPROVED, RUNNING -> ":hourglass_flowing_sand:";
            case DONE -> job.failed() == 0 && job.notAttempted() == 0 ? ":white_check_mark:" : ":warning:";
            case CANCELLED -> ":octagonal_sign:";
            case DENIED -> ":no_entry:";
            case EXPIRED -> ":alarm_clock:";
            case FAILED -> ":x:";
        };
    }

    /** What the state means for the people in the job, in a sentence or two. */
    static String explanation(BulkJob job, Instant now) {
        if (approvalLapsed(job, now) || job.state() == State.EXPIRED) {
            return "The request expired: nobody approved it"
                    + (job.approvalExpiresAt() == null ? " in time" : " before " + date(job.approvalExpiresAt()))
                    + ", so nothing was sent.";
        }
        return switch (job.state()) {
            case DRAFT -> "A preview its requester has not submitted: nothing is sent and nobody can approve it.";
            case AWAITING_APPROVAL -> "A second admin must press *Approve* before " + date(job.approvalExpiresAt())
                    + "; the requester can't approve their own request. Nothing is sent until then.";
            case APPROVED -> "The first chunk goes to Slack shortly.";
            case RUNNING -> "Sending " + progressWords(job) + " to Slack, " + number(BulkChunks.MAX_PER_CALL)
                    + " people at a time. Slack queues each chunk and ends the sessions itself.";
            case DONE -> "Every chunk was sent: " + people(job.done()) + " " + QUEUED
                    + (job.failed() == 0 ? "." : "; " + number(job.failed())
                            + " failed, so sign them out again to be sure (the audit trail lists who).");
            case CANCELLED -> cancelled(job);
            case DENIED -> (job.decidedBy() == null ? "Denied" : "Denied by " + Mrkdwn.mention(job.decidedBy()))
                    + ", so nothing was sent.";
            case EXPIRED -> throw new AssertionError("handled above");
            case FAILED -> job.halt() != null && job.halt().cause() == BulkJob.Halt.Cause.REQUESTER
                    ? requesterStopped(job)
                    : job.halt() != null && job.halt().cause() == BulkJob.Halt.Cause.SCOPE
                    ? "Stopped before chunk " + chunkOfAll(job) + ": its stored scope is not one this version of"
                            + " Session Guard knows, so the rest was not sent rather than guess which sessions to end."
                            + sentSoFar(job) + " To sign out the people not sent yet, an admin starts a new bulk"
                            + " sign-out with " + NEW_BULK + "."
                    : "Stopped at chunk " + chunkOfAll(job) + " on an error every later chunk would share ("
                            + (job.halt() != null && job.halt().code() != null
                                    ? "Slack answered `" + Mrkdwn.escape(job.halt().code()) + "`"
                                    : "the audit trail names it")
                            + "), so the rest was not sent. Chunks already sent stay sent. Fix the cause, then press"
                            + " Resume: the job goes on from that chunk (signing someone out again is harmless).";
        };
    }

    /** "3 of 10": the chunk a stopped job would send next. */
    private static String chunkOfAll(BulkJob job) {
        return number(Math.min(job.nextChunk() + 1, Math.max(1, job.chunks()))) + " of " + number(job.chunks());
    }

    /**
     * A run checks its requester before it sends anything; one who no longer passes stops the job there. The stored
     * words are the admin check's own (escaped); Resume is offered only when the check could not reach an answer.
     */
    private static String requesterStopped(BulkJob job) {
        BulkJob.Halt halt = job.halt();
        String requester = Mrkdwn.mention(job.requesterId());
        String code = halt.code() == null ? "" : "`" + Mrkdwn.escape(halt.code()) + "`";
        String said;
        if (halt.words() == null || halt.words().isBlank()) {
            said = code.isEmpty() ? "" : " The check answered " + code + ".";
        } else {
            said = " The check said: \u201c" + Mrkdwn.escape(halt.words()) + "\u201d"
                    + (code.isEmpty() ? "." : " (" + code + ").");
        }
        String sent = sentSoFar(job);
        if (halt.resumable()) {
            return "Stopped before chunk " + chunkOfAll(job) + ": Session Guard could not confirm that " + requester
                    + ", who requested it, still passes the admin check, so the rest was not sent." + said
                    + sent + " Any admin can press Resume once Slack answers again: the run checks " + requester
                    + " again before it sends anything.";
        }
        return "Stopped before chunk " + chunkOfAll(job) + ": " + requester + ", who requested it, no longer passes"
                + " the admin check, so the rest was not sent." + said + sent + " Resume can't help:"
                + " every run checks the requester again first. To sign out the people not sent yet, an admin starts"
                + " a new bulk sign-out with " + NEW_BULK + ".";
    }

    private static String sentSoFar(BulkJob job) {
        return job.nextChunk() == 0 ? " Nothing was sent." : " Chunks already sent stay sent ("
                + people(job.done()) + " " + QUEUED + ").";
    }

    static String cancelled(BulkJob job) {
        return (job.cancelledBy() == null ? "Cancelled" : "Cancelled by " + Mrkdwn.mention(job.cancelledBy())) + "; "
                + number(job.done()) + " of " + people(job.targetCount())
                + " had already been " + QUEUED + " (chunks already sent stay sent).";
    }

    /** Who asked, who decided, which sessions. */
    static String who(BulkJob job) {
        StringBuilder s = new StringBuilder("*Requested by:* ").append(Mrkdwn.mention(job.requesterId()));
        if (job.createdAt() != null) {
            s.append(", ").append(date(job.createdAt()));
        }
        if (!job.needsApproval()) {
            s.append("\n*Approval:* no approval needed");
        } else if (job.decidedBy() != null) {
            s.append(job.state() == State.DENIED ? "\n*Denied by:* " : "\n*Approved by:* ")
                    .append(Mrkdwn.mention(job.decidedBy()));
        } else if (job.state() == State.AWAITING_APPROVAL || job.state() == State.DRAFT) {
            s.append("\n*Approval:* not yet");
        } else {
            s.append("\n*Approval:* nobody approved it");
        }
        if (job.cancelledBy() != null) {
            s.append("\n*Cancelled by:* ").append(Mrkdwn.mention(job.cancelledBy()));
        }
        return s.append("\n").append(SCOPE_FIELD).append(scope(job)).toString();
    }

    static String counts(BulkJob job) {
        return "*People:* " + number(job.targetCount())
                + " · *Queued with Slack:* " + number(job.done())
                + " · *Failed:* " + number(job.failed())
                + " · *Not attempted:* " + number(job.notAttempted())
                + " · *Excluded:* " + number(job.excluded());
    }

    static String progress(BulkJob job, Instant now) {
        return "*Progress:* " + progressWords(job) + " · *Elapsed:* " + elapsed(job, now);
    }

    /** While it runs, the chunk on its way; otherwise how many chunks went. */
    private static String progressWords(BulkJob job) {
        if (job.chunks() == 0) {
            return "no chunks";
        }
        if (job.state() == State.RUNNING) {
            return "chunk " + number(Math.min(job.nextChunk() + 1, job.chunks())) + " of " + number(job.chunks());
        }
        return number(Math.min(job.nextChunk(), job.chunks())) + " of " + number(job.chunks())
                + (job.chunks() == 1 ? " chunk sent" : " chunks sent");
    }

    static String reason(String reason, int max) {
        return cut("*Reason:* " + Mrkdwn.escape(reason), max);
    }

    /**
     * Cuts escaped mrkdwn to {@code max} characters without splitting an entity such as {@code &amp;} (which
     * would show as "&am") or a surrogate pair.
     */
    static String cut(String mrkdwn, int max) {
        if (mrkdwn.length() <= max) {
            return mrkdwn;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(mrkdwn.charAt(end - 1))) {
            end--;
        }
        String head = mrkdwn.substring(0, end);
        int amp = head.lastIndexOf('&');
        if (amp >= 0 && head.indexOf(';', amp) < 0) {
            head = head.substring(0, amp);
        }
        return head + "…";
    }
}
