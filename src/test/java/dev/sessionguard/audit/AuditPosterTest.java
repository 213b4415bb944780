package dev.sessionguard.audit;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.audit.ChannelView.CsvFile;
import dev.sessionguard.audit.ChannelView.Drawn;
import dev.sessionguard.audit.ChannelView.Placement;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the poster makes of a feature's drawing before Slack sees it; nothing here reaches Slack. */
class AuditPosterTest {

    static final AuditRecord RECORD = new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"), "W0000ADMIN",
            AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED, "All sessions", "r", null, List.of());

    static AuditPoster poster(ChannelView... views) {
        return new AuditPoster(Slack.getInstance().methods(), Tokens.fixed(new Secret("xoxb-t"), null), "C0000AUDIT",
                SlackCalls.withDefaults().withoutRetries(), List.of(views));
    }

    @Test
    void viewsAreAddedInTurnAndTheFirstDrawingWins() {
        ChannelView none = stored -> Optional.empty();
        ChannelView first = stored -> Optional.of(new Drawn("first", blocks(1), Placement.NEW_MESSAGE));
        ChannelView second = stored -> Optional.of(new Drawn("second", blocks(1), Placement.NEW_MESSAGE));

        AuditPoster poster = poster(none, first, second);

        assertThat(poster.viewed(stored(RECORD))).hasValueSatisfying(d -> assertThat(d.text()).isEqualTo("first"));
        assertThat(poster(none).viewed(stored(RECORD))).isEmpty();
    }

    @Test
    void fiftyBlocksFitAndMoreAreCutWithAPointerToTheStore() {
        Drawn fifty = new Drawn("t", blocks(50), Placement.NEW_MESSAGE);
        AuditPoster poster = poster(
                stored -> Optional.of(stored.seq() == 1 ? fifty : new Drawn("t", blocks(51), Placement.NEW_MESSAGE)));

        assertThat(poster.viewed(stored(RECORD))).contains(fifty);
        Drawn cut = poster.viewed(new AuditStore.StoredRecord(2, "0".repeat(64), "ab".repeat(32), RECORD)).orElseThrow();
        assertThat(cut.blocks()).hasSize(50);
        assertThat(strings(tree(cut.blocks().get(49))))
                .contains("context", "…and more; the rest is in the audit store (`audit export`).");
        assertThat(strings(tree(cut.blocks().get(48)))).contains("block 48");
    }

    @Test
    void aFileIsKeptOnlyForARecordWithARefToThreadItUnder() {
        CsvFile csv = new CsvFile("people.csv", "People", "user_id\nW1\n");
        AuditPoster poster = poster(stored -> Optional.of(new Drawn("t", blocks(1), Placement.THREAD_OF_REF, csv)));

        assertThat(poster.viewed(stored(RECORD))).hasValueSatisfying(d -> assertThat(d.file()).isNull());
        assertThat(poster.viewed(stored(RECORD.closing(7)))).hasValueSatisfying(d -> assertThat(d.file()).isEqualTo(csv));
    }

    @Test
    void theStandardMessageReplacesItsRefsOrIsNew() {
        assertThat(AuditPoster.standard(stored(RECORD)).placement()).isEqualTo(Placement.NEW_MESSAGE);
        assertThat(AuditPoster.standard(stored(RECORD.closing(7))).placement()).isEqualTo(Placement.REPLACE_REF);
        assertThat(AuditPoster.chainRef(stored(RECORD))).isEqualTo("record #1 · sha256 abababababababab");
    }

    private static AuditStore.StoredRecord stored(AuditRecord r) {
        return new AuditStore.StoredRecord(1, "0".repeat(64), "ab".repeat(32), r);
    }

    private static List<LayoutBlock> blocks(int n) {
        return IntStream.range(0, n).<LayoutBlock>mapToObj(i -> section(s -> s.text(markdownText("block " + i))))
                .toList();
    }
}
