package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.Main;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java ... Main doctor} as its own process, the way an admin runs it from the jar. */
class DoctorProcessTest {

    @TempDir
    Path dir;

    @Test
    void doctorAgainstAHealthyInstallPrintsSixOkLinesAndExitsZero() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Process p = launch(TestApp.environment(slack), "doctor");
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(dir.resolve("out.txt"));
                String err = Files.readString(dir.resolve("err.txt"));

                assertThat(p.exitValue()).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
                assertThat(out.lines().toList()).containsExactly(
                        "ok    bot token: authenticates as session-guard (U0000BOT1) in Example Workspace (T0000TEAM1)",
                        "ok    bot scopes: has commands, chat:write, users:read, groups:read",
                        "ok    admin token: authenticates as installer (W0000INSTALLER) in Example Org (E0000ORG1)",
                        "ok    admin scopes: has admin.users:read, admin.users:write",
                        "ok    org-wide install: installed on the Enterprise Grid org E0000ORG1",
                        "ok    audit channel: #session-guard-audit (C0000AUDIT) is private and the bot is a member",
                        "All 6 checks passed.");
                assertThat(out + err).doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                        .doesNotContain(TestApp.SIGNING_SECRET);
                // It only reads: no server was started and nothing was posted.
                assertThat(slack.calls()).extracting(c -> c.method())
                        .containsExactly("auth.test", "auth.test", "conversations.info");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void doctorWithMissingConfigurationExitsTwoWithTheOneLineMessage() throws Exception {
        Process p = launch(Map.of("SLACK_BOT_TOKEN", "xoxb-test-SECRET-VALUE"), "doctor");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err.lines().toList()).singleElement().asString().contains("SLACK_SIGNING_SECRET")
                .doesNotContain("SECRET-VALUE");
    }

    private Process launch(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        pb.directory(dir.toFile());
        return pb.start();
    }
}
