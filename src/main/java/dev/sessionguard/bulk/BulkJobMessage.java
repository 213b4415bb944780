package dev.sessionguard.bulk;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.element.BlockElement;
import dev.sessionguard.text.Mrkdwn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk job's one message in the audit channel, posted with the request and updated in place with
 * {@code chat.update} as it is approved, runs, and ends. The buttons on it are the only ones that act on the
 * job, so they show only while they can work: a stale Approve on an expired request would only be refused.
 */
public final class BulkJobMessage {

    public static final String APPROVE = "bulk_approve";
    public static final String DENY = "bulk_deny";
    public static final String CANCEL = "bulk_cancel";
    public static final String RESUME = "bulk_resume";
    public static final String ACTIONS_BLOCK = "bulk_job_actions";

    /** Slack caps a section at 3,000 characters; the reason gets what the facts leave. */
    private static final int SECTION_MAX = 3000;
    /** The fallback text is what notifications show: the reason's start is enough there. */
    private static final int TEXT_REASON_MAX = 300;

    private BulkJobMessage() {
    }

    /** The fallback text: job id, state and counts. */
    public static String text(BulkJob job, Instant now) {
        StringBuilder s = new StringBuilder("Session Guard: bulk sign-out ").append(Mrkdwn.escape(job.id()))
                .append(" — ").append(BulkWords.state(job, now))
                .append(". ").append(BulkWords.people(job.targetCount())).append(": ")
                .append(BulkWords.tally(job)).append(". Requested by ")
                .append(Mrkdwn.mention(job.requesterId())).append(". Scope: ").append(BulkWords.scope(job));
        if (job.reason() != null && !job.reason().isBlank()) {
            s.append(". Reason: ").append(BulkWords.cut(Mrkdwn.escape(job.reason()), TEXT_REASON_MAX));
        }
        return s.append('.').toString();
    }

    /** @param chainRef where the job's request record sits in the stored hash chain, or null */
    public static List<LayoutBlock> blocks(BulkJob job, String chainRef, Instant now) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(BulkWords.icon(job, now) + " *Bulk sign-out `"
                + Mrkdwn.escape(job.id()) + "`* — *" + BulkWords.state(job, now) + "*"))));
        blocks.add(section(s -> s.text(markdownText(BulkWords.explanation(job, now)))));
        blocks.add(section(s -> s.text(markdownText(BulkWords.who(job)))));
        if (job.reason() != null && !job.reason().isBlank()) {
            // Its own section: a long reason must never push the counts out of the message.
            blocks.add(section(s -> s.text(markdownText(BulkWords.reason(job.reason(), SECTION_MAX)))));
        }
        blocks.add(section(s -> s.text(markdownText(BulkWords.counts(job) + "\n" + BulkWords.progress(job, now)))));
        List<BlockElement> buttons = buttons(job, now);
        if (!buttons.isEmpty()) {
            blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(buttons)));
        }
        if (chainRef != null) {
            blocks.add(context(c -> c.elements(List.of(markdownText("bulk sign-out · " + Mrkdwn.escape(chainRef))))));
        }
        return blocks;
    }

    private static List<BlockElement> buttons(BulkJob job, Instant now) {
        String id = job.id();
        if (BulkWords.approvable(job, now)) {
            return List.of(
                    button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(id)
                            .confirm(confirm("Approve bulk sign-out?", "Bulk job `" + Mrkdwn.escape(id) + "`: "
                                    + BulkWords.people(job.targetCount()) + " will be " + BulkWords.queued(job)
                                    + ". This can't be undone.", "Approve", "Back", "primary"))),
                    button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(id)));
        }
        if (BulkWords.cancellable(job)) {
            return List.of(button(b -> b.actionId(CANCEL).text(plainText("Cancel")).style("danger").value(id)
                    .confirm(confirm("Cancel bulk job?", "Cancel bulk job " + Mrkdwn.escape(id)
                            + "? Chunks already sent to Slack stay sent.", "Cancel job", "Keep going", "danger"))));
        }
        if (job.resumable()) {
            return List.of(button(b -> b.actionId(RESUME).text(plainText("Resume")).style("primary").value(id)
                    .confirm(confirm("Resume bulk job?", "Resume bulk job " + Mrkdwn.escape(id) + " from chunk "
                            + BulkWords.number(job.nextChunk() + 1) + " of " + BulkWords.number(job.chunks())
                            + "? Fix what stopped it first (the audit trail names the error).", "Resume", "Back",
                            "primary"))));
        }
        return List.of();
    }

    private static ConfirmationDialogObject confirm(String title, String mrkdwn, String yes, String no, String style) {
        return ConfirmationDialogObject.builder()
                .title(plainText(title))
                .text(markdownText(mrkdwn))
                .confirm(plainText(yes))
                .deny(plainText(no))
                .style(style)
                .build();
    }
}
