package dev.sessionguard.home;

import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.bulk.BulkJob;
import dev.sessionguard.bulk.BulkStatus;
import dev.sessionguard.signout.ResetScope;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HomeViewTest {

    private static AuditRecord record(int i) {
        return new AuditRecord(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "W0000ADMIN",
                AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED, "All sessions", "<!channel> reason " + i, null,
                List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "done")));
    }

    @Test
    void adminHomeHasTheFourToolsAndAtMostTenRecentActionsWithoutReasons() {
        List<AuditRecord> recent = IntStream.range(0, 15).mapToObj(HomeViewTest::record).toList();

        JsonArray blocks = object(HomeView.admin(recent, List.of())).getAsJsonArray("blocks");

        assertThat(object(HomeView.admin(recent, List.of())).get("type").getAsString()).isEqualTo("home");
        assertThat(blocks.get(1).getAsJsonObject().getAsJsonArray("elements")).hasSize(4);
        List<String> lines = sectionTexts(blocks).stream().filter(t -> t.startsWith("<!date^")).toList();
        assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(l).doesNotContain("channel").doesNotContain("reason"));
    }

    @Test
    void adminHomeWithoutActionsSaysSo() {
        assertThat(object(HomeView.admin(List.of(), List.of())).toString()).contains("Nothing yet.");
    }

    @Test
    void adminHomeStillHasItsToolsWhenRecentActionsCannotBeRead() {
        String home = object(HomeView.admin(null, List.of())).toString();

        assertThat(home).contains("can't be read right now").contains("Reset sessions…").doesNotContain("Nothing yet.");
    }

    @Test
    void adminHomeOffersBulkSignOutFromItsActionsBlock() {
        JsonArray buttons = object(HomeView.admin(List.of(), List.of())).getAsJsonArray("blocks").get(1).getAsJsonObject()
                .getAsJsonArray("elements");

        JsonObject bulk = buttons.get(3).getAsJsonObject();
        assertThat(bulk.get("action_id").getAsString()).isEqualTo(HomeView.BULK_ACTION).isEqualTo("home_bulk");
        assertThat(bulk.getAsJsonObject("text").get("text").getAsString()).isEqualTo("Bulk sign-out…");
    }

    @Test
    void adminHomeShowsRunningAndRecentBulkJobsBeforeRecentActions() {
        BulkJob running = job("JOB0000001", BulkJob.State.RUNNING);
        BulkJob done = job("JOB0000002", BulkJob.State.DONE);

        List<String> sections = sectionTexts(object(HomeView.admin(List.of(), BulkStatus.homeSection(List.of(done, running), NOW)))
                .getAsJsonArray("blocks"));

        int heading = sections.indexOf("*Bulk jobs*");
        assertThat(heading).isGreaterThanOrEqualTo(0).isLessThan(sections.indexOf("*Recent actions*"));
        assertThat(sections.get(heading + 1)).contains("JOB0000001").contains("Running");
        assertThat(sections.get(heading + 2)).contains("JOB0000002").contains("Finished");
    }

    @Test
    void adminHomeWithoutBulkJobsSaysSoAndSaysWhenTheyCannotBeRead() {
        assertThat(strings(object(HomeView.admin(List.of(), BulkStatus.homeSection(List.of(), NOW))))).contains("No bulk jobs yet.");
        assertThat(String.join("\n", strings(object(HomeView.admin(List.of(), BulkStatus.homeSection(null, NOW))))))
                .contains("Bulk jobs can't be read right now").contains("Bulk sign-out…").doesNotContain("No bulk jobs yet.");
    }

    @Test
    void adminHomeWithManyJobsStaysWithinTheHomeTabsHundredBlocks() {
        List<BulkJob> jobs = IntStream.range(0, 500).mapToObj(i -> job(String.format("JOB%07d", i), BulkJob.State.DONE)).toList();
        List<AuditRecord> recent = IntStream.range(0, 500).mapToObj(HomeViewTest::record).toList();

        assertThat(object(HomeView.admin(recent, BulkStatus.homeSection(jobs, NOW))).getAsJsonArray("blocks").size()).isLessThanOrEqualTo(100);
    }

    private static final Instant NOW = Instant.parse("2025-01-01T01:00:00Z");

    private static BulkJob job(String id, BulkJob.State state) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        boolean ended = state.isFinal();
        return new BulkJob(id, "W0000ADMIN", null, ResetScope.ALL, "incident", state, 3000, ended ? 3 : 1, ended ? 3000 : 1000,
                0, 0, 2, true, t, t, t.plusSeconds(1800), "W0000OTHER", null, null, null, 1L, t,
                ended ? t.plusSeconds(125) : null, null);
    }

    @Test
    void memberHomeIsOneLineWithNoButtons() {
        JsonArray blocks = object(HomeView.member()).getAsJsonArray("blocks");

        assertThat(blocks).hasSize(1);
        assertThat(sectionTexts(blocks).get(0)).isEqualTo(HomeView.MEMBER_LINE);
    }
}
