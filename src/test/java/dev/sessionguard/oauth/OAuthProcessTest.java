package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.Main;
import dev.sessionguard.config.Settings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} in OAuth mode as its own process: the missing key, doctor before any install, and a whole install. */
class OAuthProcessTest {

    @TempDir
    Path dir;

    @Test
    void aMissingEncryptionKeyStopsStartupWithOneLineSayingHowToMakeOne() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Map<String, String> env = TestApp.oauthEnvironment(slack);
            env.remove(Settings.ENCRYPTION_KEY);

            Process p = launch(env);

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err.txt"));
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(err.lines().toList()).singleElement().asString()
                    .startsWith("Session Guard cannot start.")
                    .contains("OAuth mode", "SESSION_GUARD_ENCRYPTION_KEY", "openssl rand -base64 32")
                    .doesNotContain("SLACK_BOT_TOKEN").doesNotContain("Exception");
            assertThat(err + Files.readString(dir.resolve("out.txt"))).doesNotContain(TestApp.CLIENT_SECRET)
                    .doesNotContain(TestApp.SIGNING_SECRET);
            assertThat(slack.calls()).isEmpty();
        }
    }

    @Test
    void doctorBeforeAnyInstallFailsPointingAtTheInstallPage() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Process p = launch(TestApp.oauthEnvironment(slack), "doctor");

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dir.resolve("out.txt"));
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out.lines().findFirst()).hasValueSatisfying(l -> assertThat(l)
                    .startsWith("FAIL  installation: not installed").contains("/slack/install"));
            assertThat(slack.calls()).isEmpty();
        }
    }

    @Test
    void anInstallAndACommandRunWithoutAnySecretInTheLogs() throws Exception {
        try (FakeSlack slack = FakeSlack.start().user(FakeUser.member("W0000ADMIN").name("ada").orgAdmin())) {
            slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(slack.enterpriseId())));
            int port = freePort();
            Map<String, String> env = new HashMap<>(TestApp.oauthEnvironment(slack));
            env.put(Settings.PORT, String.valueOf(port));
            Process p = launch(env);
            try {
                String base = "http://127.0.0.1:" + port;
                OAuthFlow browser = new OAuthFlow(base);
                Await.until(Duration.ofSeconds(20), () -> healthy(browser), "the process to report ready");

                assertThat(browser.install("code-process").statusCode()).isEqualTo(200);
                new SlackRequests(base, TestApp.SIGNING_SECRET).slashCommand(SlackRequests.command("W0000ADMIN", ""));
                assertThat(slack.awaitCall("views.open", Duration.ofSeconds(10)).token()).isEqualTo(OAuthFlow.BOT_TOKEN);
                slack.awaitCall("chat.postMessage", Duration.ofSeconds(10));

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String logs = Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
                assertThat(logs).contains("Stored the org-wide install on " + slack.enterpriseId())
                        .doesNotContain(OAuthFlow.BOT_TOKEN).doesNotContain(OAuthFlow.ADMIN_TOKEN)
                        .doesNotContain(TestApp.CLIENT_SECRET).doesNotContain(TestApp.ENCRYPTION_KEY)
                        .doesNotContain(TestApp.SIGNING_SECRET).doesNotContain("code-process");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static boolean healthy(OAuthFlow browser) {
        try {
            return browser.get("/healthz", null).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Process launch(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
