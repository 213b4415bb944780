package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} as its own process, the way the jar runs: configuration errors, readiness, SIGTERM. */
@Tag("slow")
class MainProcessTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void missingConfigurationExitsNonZeroNamingEveryMissingVariableWithoutAStackTrace() {
        try (MainProcess p = MainProcess.launch(dir, "main", Map.of("SLACK_BOT_TOKEN", "xoxb-test-SECRET-VALUE"))) {
            MainProcess.Finished run = p.finish(WAIT);

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).contains("SLACK_SIGNING_SECRET", "SLACK_ADMIN_TOKEN", "SESSION_GUARD_AUDIT_CHANNEL")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.err().lines().count()).isEqualTo(1);
            assertThat(run.err() + run.out()).doesNotContain("SECRET-VALUE");
        }
    }

    @Test
    void malformedTokenIsNamedButNeverPrinted() {
        try (MainProcess p = MainProcess.launch(dir, "main", Map.of(
                "SLACK_SIGNING_SECRET", "s3cr3t-signing",
                "SLACK_BOT_TOKEN", "xoxp-pasted-in-the-wrong-place",
                "SLACK_ADMIN_TOKEN", "xoxp-test-admin",
                "SESSION_GUARD_AUDIT_CHANNEL", "C0000AUDIT"))) {
            MainProcess.Finished run = p.finish(WAIT);

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).contains("SLACK_BOT_TOKEN must be a bot token")
                    .doesNotContain("pasted-in-the-wrong-place").doesNotContain("s3cr3t-signing");
        }
    }

    @Test
    void startsReadyAndStopsCleanlyOnSigterm() {
        try (FakeSlack slack = FakeSlack.start()) {
            int port = MainProcess.freePort();
            Map<String, String> env = new HashMap<>(TestApp.environment(slack));
            env.put("PORT", String.valueOf(port));
            try (MainProcess p = MainProcess.launch(dir, "main", env)) {
                p.awaitReady(port, Duration.ofSeconds(20));
                // The main thread logs this once start-up returns, which may be just after /healthz turns 200.
                Await.until(WAIT, () -> p.stdout().contains("listening on port " + port), "the listening line");

                p.process().destroy(); // SIGTERM

                assertThat(p.awaitExit(WAIT)).isIn(0, 143);
                String logs = p.stdout() + p.stderr();
                assertThat(logs).contains("listening on port " + port + ": token mode, HTTP, audit database sqlite file ")
                        .contains("Stopped: ").contains(" Slack task(s) finished, outbox: ")
                        .doesNotContain("jdbc:sqlite")
                        .doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                        .doesNotContain(TestApp.SIGNING_SECRET);
            }
        }
    }
}
