package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java ... Main doctor} as its own process, the way an admin runs it from the jar. */
@Tag("slow")
class DoctorProcessTest {

    @TempDir
    Path dir;

    @Test
    void doctorAgainstAHealthyInstallPrintsSixOkLinesAndExitsZero() {
        try (FakeSlack slack = FakeSlack.start()) {
            MainProcess.Finished run = MainProcess.run(dir, "doctor", TestApp.environment(slack), "doctor");

            assertThat(run.exitCode()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
            List<String> expected = new ArrayList<>(DoctorTest.HEALTHY_REPORT);
            // Not a check: the directory's state, here a fresh install whose app has not started yet.
            expected.add(expected.size() - 1, "info  user directory: no database yet, so no full sync has finished: "
                    + "bulk previews ask Slack about each person (about 100 a minute) until one has");
            assertThat(run.out().lines().toList()).containsExactlyElementsOf(expected);
            assertThat(run.out() + run.err()).doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                    .doesNotContain(TestApp.SIGNING_SECRET);
            // It only reads: no server was started and nothing was posted.
            assertThat(slack.calls()).extracting(c -> c.method())
                    .containsExactly("auth.test", "auth.test", "conversations.info");
        }
    }

    @Test
    void doctorWithMissingConfigurationExitsTwoWithTheOneLineMessage() {
        try (MainProcess p = MainProcess.launch(dir, "doctor", Map.of("SLACK_BOT_TOKEN", "xoxb-test-SECRET-VALUE"),
                "doctor")) {
            MainProcess.Finished run = p.finish(Duration.ofSeconds(30));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().lines().toList()).singleElement().asString().contains("SLACK_SIGNING_SECRET")
                    .doesNotContain("SECRET-VALUE");
        }
    }
}
