package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.model.File;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bulk's small values: what each makes of a missing part, and where its limits lie. */
class BulkValuesTest {

    @Test
    void aRequestWithNothingPickedHoldsEmptyListsNotNulls() {
        BulkTargets.Request r = new BulkTargets.Request(null, null, null, null, null);

        assertThat(r.userIds()).isEmpty();
        assertThat(r.channelIds()).isEmpty();
        assertThat(r.groupIds()).isEmpty();
        assertThat(r.pasted()).isEmpty();
        assertThat(r.files()).isEmpty();
        assertThat(new BulkModal.BulkPreview("J", 1, ResetScope.ALL, "r", null, false, 25, Duration.ZERO).exclusions())
                .isEmpty();
    }

    @Test
    void aSenderMaySpendNoExtraCallsButNotFewer() {
        assertThat(new BulkSender(new FakeBulkApi(), 0, ProtectedUsers.NONE)).isNotNull();
        assertThatThrownBy(() -> new BulkSender(new FakeBulkApi(), -1, ProtectedUsers.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("extraCalls -1");
    }

    @Test
    void aFileIsNamedByItsNameElseItsTitleElseItsId() {
        File titled = new File();
        titled.setId("F1");
        titled.setTitle("breach list");
        titled.setUrlPrivate("https://files.slack.com/files-pri/T1-F1/breach");
        BreachFile fromTitle = BreachFile.from(titled);
        assertThat(fromTitle.name()).isEqualTo("breach list");
        assertThat(fromTitle.url()).isEqualTo("https://files.slack.com/files-pri/T1-F1/breach");
        assertThat(fromTitle.size()).isZero();

        assertThat(new BreachFile("F1", "  ", 1, null, null, null).label()).isEqualTo("F1");
        assertThat(new BreachFile(null, null, 1, null, null, null).label()).isEqualTo("(unnamed)");
        assertThat(new BreachFile("F1", " list.csv ", 1, null, null, null).label()).isEqualTo("list.csv");
    }

    @Test
    void tenJobsAreListedWithoutAMoreLineAndAnUnknownIdIsQuotedEscaped() {
        Instant now = TestJobs.CREATED;
        List<BulkJob> ten = IntStream.range(0, 10).mapToObj(i -> {
            TestJobs j = TestJobs.awaiting();
            j.id = String.format("JOB%07d", i);
            return j.job();
        }).toList();

        assertThat(String.join("\n", dev.sessionguard.support.BlockKitJson.strings(
                dev.sessionguard.support.BlockKitJson.tree(BulkStatus.jobs(ten, now))))).doesNotContain("…and");
        assertThat(BulkStatus.notFound(null)).startsWith(":grey_question: No bulk job has the id ``.");
        assertThat(BulkStatus.notFound("<x>")).startsWith(":grey_question: No bulk job has the id `&lt;x&gt;`.");
    }

    @Test
    void aJobWithoutAReasonSaysNoneInItsFallbackText() {
        TestJobs none = TestJobs.awaiting();
        none.reason = null;
        TestJobs blank = TestJobs.awaiting();
        blank.reason = "  ";

        assertThat(BulkJobMessage.text(none.job(), TestJobs.CREATED)).endsWith("Scope: All sessions.")
                .doesNotContain("Reason");
        assertThat(BulkJobMessage.text(blank.job(), TestJobs.CREATED)).endsWith("Scope: All sessions.");
    }
}
