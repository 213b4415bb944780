package dev.sessionguard.bulk;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.audit.AuditPoster;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.ChannelView;
import dev.sessionguard.audit.Csv;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.text.Mrkdwn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a bulk job reads in the audit channel: one message per job, drawn from the job as it is now each time one of
 * its records is delivered (so it always shows the latest state, counts and buttons), the people Slack did not
 * confirm as a reply in its thread (a CSV file past {@link #LISTED_IN_THREAD}), and refusals as messages of their own.
 */
public final class BulkChannelView implements ChannelView {

    /** More failures than this go in a CSV file rather than in the reply's text. */
    public static final int LISTED_IN_THREAD = 20;
    static final String[] CSV_HEADER = {"user_id", "status", "error_code", "words"};

    private final BulkJobStore store;
    private final Clock clock;

    public BulkChannelView(BulkJobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<Drawn> draw(AuditStore.StoredRecord stored) {
        AuditRecord r = stored.record();
        if (!r.action().startsWith("bulk.")) {
            return Optional.empty(); // another feature's record: drawn its own way
        }
        String chainRef = AuditPoster.chainRef(stored);
        if (r.action().equals(BulkRecords.REFUSED)) {
            return Optional.of(new Drawn("Session Guard: " + Mrkdwn.escape(r.detail()), List.of(
                    section(s -> s.text(markdownText(":no_entry: *Bulk sign-out refused* for " + Mrkdwn.mention(r.actorId())
                            + "\n" + Mrkdwn.escape(r.detail())))),
                    context(c -> c.elements(List.of(markdownText(Mrkdwn.escape(chainRef)))))), Placement.NEW_MESSAGE));
        }
        if (r.action().equals(BulkRecords.FAILURES)) {
            return Optional.of(failures(r, chainRef));
        }
        Optional<BulkJob> job = BulkRecords.jobId(r).flatMap(store::find);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Drawn(BulkJobMessage.text(job.get(), clock.instant()),
                BulkJobMessage.blocks(job.get(), chainRef, clock.instant()), Placement.REPLACE_REF));
    }

    private static Drawn failures(AuditRecord r, String chainRef) {
        List<TargetResult> people = r.targets();
        String head = ":warning: " + people.size() + (people.size() == 1 ? " person was" : " people were")
                + " not confirmed by Slack: sign them out again to be sure. " + Mrkdwn.escape(r.detail());
        if (people.size() > LISTED_IN_THREAD) {
            List<List<?>> rows = people.stream()
                    .<List<?>>map(t -> List.of(t.userId(), t.status().name(), t.errorCode() == null ? "" : t.errorCode(),
                            t.words() == null ? "" : t.words()))
                    .toList();
            String id = BulkRecords.jobId(r).orElse("job");
            return new Drawn(head + " The list is attached. (" + chainRef + ")", List.of(), Placement.THREAD_OF_REF,
                    new CsvFile("bulk-job-" + id + "-not-confirmed.csv", "Bulk job " + id + ": not confirmed",
                            Csv.of(CSV_HEADER, rows)));
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(head))));
        AuditMessage.chunk(people.stream().map(AuditMessage::targetLine).toList())
                .forEach(t -> blocks.add(section(s -> s.text(markdownText(t)))));
        blocks.add(context(c -> c.elements(List.of(markdownText(Mrkdwn.escape(chainRef))))));
        return new Drawn(head, blocks, Placement.THREAD_OF_REF);
    }
}
