package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.TestJobs.CREATED;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import dev.sessionguard.bulk.BulkJob.State;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BulkStatusTest {

    private static final Instant NOW = CREATED.plusSeconds(600);

    private static TestJobs job(String id, State state) {
        TestJobs j = TestJobs.running(3).state(state);
        j.id = id;
        return j;
    }

    private static JsonArray jobs(List<BulkJob> jobs) {
        return tree(BulkStatus.jobs(jobs, NOW)).getAsJsonArray();
    }

    @Test
    void noJobsSaysSo() {
        assertThat(strings(jobs(List.of()))).containsExactly("context", "mrkdwn", "No bulk jobs yet.");
    }

    @Test
    void eachJobIsOneSectionWithItsIdStateCountsRequesterAndElapsedTime() {
        List<String> sections = sectionTexts(jobs(List.of(job("JOB0000001", State.RUNNING).job())));

        assertThat(sections).hasSize(1);
        assertThat(sections.get(0)).contains("`JOB0000001`").contains("*Running*").contains("All sessions")
                .contains("10,000 people: 3,000 queued with Slack, 0 failed, 0 not attempted, 12 excluded")
                .contains("Requested by <@W0000ADMIN>").contains("elapsed 9 min");
    }

    @Test
    void runningJobsComeFirstEachOnceAndDraftsAreLeftOut() {
        List<BulkJob> given = List.of(job("JOB0000001", State.DONE).job(), job("JOB0000002", State.RUNNING).job(),
                job("JOB0000003", State.DRAFT).job(), job("JOB0000002", State.RUNNING).job(),
                job("JOB0000004", State.AWAITING_APPROVAL).job());

        List<String> sections = sectionTexts(jobs(given));

        assertThat(sections).hasSize(3);
        assertThat(sections.get(0)).contains("JOB0000002");
        assertThat(sections.get(1)).contains("JOB0000004").contains("Waiting for approval");
        assertThat(sections.get(2)).contains("JOB0000001").contains("Finished");
    }

    @Test
    void aLongListShowsTenAndCountsTheRest() {
        List<BulkJob> many = IntStream.range(0, 25).mapToObj(i -> job(String.format("JOB%07d", i), State.DONE).job()).toList();

        JsonArray blocks = jobs(many);

        assertThat(sectionTexts(blocks)).hasSize(BulkStatus.MAX_JOBS);
        assertThat(String.join("\n", strings(blocks))).contains("…and 15 more");
    }

    @Test
    void aCancelledJobSaysHowManyWereAlreadyQueued() {
        TestJobs j = job("JOB0000001", State.CANCELLED);
        j.cancelledBy = "W0000ADM2";

        assertThat(sectionTexts(jobs(List.of(j.job()))).get(0))
                .contains("Cancelled by <@W0000ADM2>; 3,000 of 10,000 people had already been queued with Slack");
    }

    @Test
    void oneJobInFullForTheStatusCommandFitsOneSectionAndEscapesTheReason() {
        TestJobs j = job("JOB0000001", State.RUNNING);
        j.reason = "<!channel> & <script>".repeat(200);

        String one = BulkStatus.one(j.job(), NOW);

        assertThat(one).hasSizeLessThanOrEqualTo(3000)
                .contains("*Bulk sign-out `JOB0000001`* — *Running*")
                .contains("*Reason:* &lt;!channel&gt; &amp; &lt;script&gt;")
                .contains("*Approved by:* <@W0000OTHER>")
                .contains("*Queued with Slack:* 3,000")
                .contains("*Progress:* chunk 4 of 10")
                .doesNotContain("<!channel>").doesNotContain("<script>");
    }

    @Test
    void oneJobStoppedBecauseItsRequesterIsNoLongerAnAdminSaysSoInTheSameWordsAsItsMessage() {
        TestJobs j = job("JOB0000001", State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_in_admin_group", "Not in the <admin> group.");

        String one = BulkStatus.one(j.job(), NOW);

        assertThat(one).contains("*Bulk sign-out `JOB0000001`* — *Failed*")
                .contains("no longer passes the admin check")
                .contains("Not in the &lt;admin&gt; group.").contains("`not_in_admin_group`")
                .contains("Resume can't help").doesNotContain("<admin>");
    }

    @Test
    void oneExpiredRequestSaysExpired() {
        String one = BulkStatus.one(TestJobs.awaiting().job(), CREATED.plusSeconds(3600));

        assertThat(one).contains("*Expired*").contains("The request expired");
    }

    @Test
    void anUnknownIdIsQuotedEscaped() {
        assertThat(BulkStatus.notFound("<!channel> & <@W1>")).contains("`&lt;!channel&gt; &amp; &lt;@W1&gt;`")
                .doesNotContain("<!channel>");
        assertThat(BulkStatus.notFound("x".repeat(5000))).hasSizeLessThan(300);
        assertThat(BulkStatus.notFound(null)).contains("No bulk job");
    }
}
