package dev.sessionguard.home;

import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
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
    void adminHomeHasTheThreeToolsAndAtMostTenRecentActionsWithoutReasons() {
        List<AuditRecord> recent = IntStream.range(0, 15).mapToObj(HomeViewTest::record).toList();

        JsonArray blocks = object(HomeView.admin(recent)).getAsJsonArray("blocks");

        assertThat(object(HomeView.admin(recent)).get("type").getAsString()).isEqualTo("home");
        assertThat(blocks.get(1).getAsJsonObject().getAsJsonArray("elements")).hasSize(3);
        List<String> lines = sectionTexts(blocks).stream().filter(t -> t.startsWith("<!date^")).toList();
        assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(l).doesNotContain("channel").doesNotContain("reason"));
    }

    @Test
    void adminHomeWithoutActionsSaysSo() {
        assertThat(object(HomeView.admin(List.of())).toString()).contains("Nothing yet.");
    }

    @Test
    void adminHomeStillHasItsToolsWhenRecentActionsCannotBeRead() {
        String home = object(HomeView.admin(null)).toString();

        assertThat(home).contains("can't be read right now").contains("Reset sessions…").doesNotContain("Nothing yet.");
    }

    @Test
    void memberHomeIsOneLineWithNoButtons() {
        JsonArray blocks = object(HomeView.member()).getAsJsonArray("blocks");

        assertThat(blocks).hasSize(1);
        assertThat(sectionTexts(blocks).get(0)).isEqualTo(HomeView.MEMBER_LINE);
    }
}
