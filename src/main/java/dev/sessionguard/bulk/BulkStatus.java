package dev.sessionguard.bulk;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.text.Mrkdwn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bulk jobs as the App Home and {@code /session-reset status <job-id>} show them. Pure functions. */
public final class BulkStatus {

    /** Jobs listed at most; the rest are a count, so the Home stays within its 100 blocks. */
    public static final int MAX_JOBS = 10;

    private static final int ONE_REASON_MAX = 500;
    private static final int SECTION_MAX = 3000;
    private static final int ID_SHOWN_MAX = 40;

    private BulkStatus() {
    }

    /**
     * Incident mode's part of an admin's App Home: its heading and {@link #jobs}, or a line saying they can't be read.
     *
     * @param jobs running and recent jobs, or null when they can't be read
     */
    public static List<LayoutBlock> homeSection(List<BulkJob> jobs, Instant now) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText("*Bulk jobs*"))));
        if (jobs == null) {
            blocks.add(context(c -> c.elements(List.of(markdownText(
                    ":warning: Bulk jobs can't be read right now: the database does not answer.")))));
        } else {
            blocks.addAll(jobs(jobs, now));
        }
        return blocks;
    }

    /**
     * Running jobs first, then the rest in the order given, each once; drafts are previews nobody submitted, so
     * they are left out. Callers can pass {@code unfinished()} and {@code recent(n)} joined.
     */
    public static List<LayoutBlock> jobs(List<BulkJob> jobs, Instant now) {
        Map<String, BulkJob> byId = new LinkedHashMap<>();
        jobs.stream().filter(j -> !j.state().isFinal() && j.state() != BulkJob.State.DRAFT)
                .forEach(j -> byId.putIfAbsent(j.id(), j));
        jobs.stream().filter(j -> j.state().isFinal()).forEach(j -> byId.putIfAbsent(j.id(), j));
        List<LayoutBlock> blocks = new ArrayList<>();
        if (byId.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("No bulk jobs yet.")))));
            return blocks;
        }
        byId.values().stream().limit(MAX_JOBS).forEach(j -> blocks.add(section(s -> s.text(markdownText(line(j, now))))));
        if (byId.size() > MAX_JOBS) {
            int more = byId.size() - MAX_JOBS;
            blocks.add(context(c -> c.elements(List.of(markdownText("…and " + BulkWords.number(more)
                    + " more; `/session-reset status <job-id>` shows any one.")))));
        }
        return blocks;
    }

    private static String line(BulkJob job, Instant now) {
        String line = BulkWords.icon(job, now) + " *`" + Mrkdwn.escape(job.id()) + "`* — *"
                + BulkWords.state(job, now) + "* · " + BulkWords.scope(job) + "\n"
                + BulkWords.people(job.targetCount()) + ": " + BulkWords.tally(job) + "\n"
                + "Requested by " + Mrkdwn.mention(job.requesterId()) + " · elapsed " + BulkWords.elapsed(job, now);
        if (job.state() == BulkJob.State.CANCELLED) {
            line += "\n" + BulkWords.cancelled(job);
        }
        return BulkWords.cut(line, SECTION_MAX);
    }

    /** One job in full, as mrkdwn for {@code /session-reset status <job-id>}; fits one section. */
    public static String one(BulkJob job, Instant now) {
        StringBuilder s = new StringBuilder()
                .append(BulkWords.icon(job, now)).append(" *Bulk sign-out `").append(Mrkdwn.escape(job.id()))
                .append("`* — *").append(BulkWords.state(job, now)).append("*\n")
                .append(BulkWords.explanation(job, now)).append('\n')
                .append(BulkWords.who(job)).append('\n');
        if (job.reason() != null && !job.reason().isBlank()) {
            s.append(BulkWords.reason(job.reason(), ONE_REASON_MAX)).append('\n');
        }
        s.append(BulkWords.counts(job)).append('\n').append(BulkWords.progress(job, now));
        return BulkWords.cut(s.toString(), SECTION_MAX);
    }

    public static String notFound(String id) {
        return ":grey_question: No bulk job has the id `" + BulkWords.cut(Mrkdwn.escape(id == null ? "" : id), ID_SHOWN_MAX)
                + "`. A job's id is the 10 characters shown on its audit channel message and on the App Home.";
    }
}
