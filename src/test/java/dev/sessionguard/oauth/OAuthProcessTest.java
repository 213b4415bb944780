package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} in OAuth mode as its own process: the missing key, doctor before any install, and a whole install. */
@Tag("slow")
class OAuthProcessTest {

    @TempDir
    Path dir;

    @Test
    void aMissingEncryptionKeyStopsStartupWithOneLineSayingHowToMakeOne() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Map<String, String> env = TestApp.oauthEnvironment(slack);
            env.remove(OAuthSettings.ENCRYPTION_KEY);

            MainProcess.Finished run = MainProcess.run(dir, "no-key", env);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("Session Guard cannot start.")
                    .contains("OAuth mode", "SESSION_GUARD_ENCRYPTION_KEY", "openssl rand -base64 32")
                    .doesNotContain("SLACK_BOT_TOKEN").doesNotContain("Exception");
            assertThat(run.err() + run.out()).doesNotContain(TestApp.CLIENT_SECRET)
                    .doesNotContain(TestApp.SIGNING_SECRET);
            assertThat(slack.calls()).isEmpty();
        }
    }

    @Test
    void doctorBeforeAnyInstallFailsPointingAtTheInstallPage() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            MainProcess.Finished run = MainProcess.run(dir, "doctor", TestApp.oauthEnvironment(slack), "doctor");
            String out = run.out();
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(out.lines().findFirst()).hasValueSatisfying(l -> assertThat(l)
                    .startsWith("FAIL  installation: not installed").contains("/slack/install"));
            assertThat(slack.calls()).isEmpty();
        }
    }

    @Test
    void anInstallAndACommandRunWithoutAnySecretInTheLogs() throws Exception {
        try (FakeSlack slack = FakeSlack.start().user(FakeUser.member("W0000ADMIN").name("ada").orgAdmin())) {
            slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(slack.enterpriseId())));
            int port = MainProcess.freePort();
            Map<String, String> env = new HashMap<>(TestApp.oauthEnvironment(slack));
            env.put(ServerSettings.PORT, String.valueOf(port));
            try (MainProcess p = MainProcess.launch(dir, "install", env)) {
                String base = "http://127.0.0.1:" + port;
                OAuthFlow browser = new OAuthFlow(base);
                p.awaitReady(port, Duration.ofSeconds(20));

                assertThat(browser.install("code-process").statusCode()).isEqualTo(200);
                new SlackRequests(base, TestApp.SIGNING_SECRET).slashCommand(SlackRequests.command("W0000ADMIN", ""));
                assertThat(slack.awaitCall("views.open", Duration.ofSeconds(10)).token()).isEqualTo(OAuthFlow.BOT_TOKEN);
                slack.awaitCall("chat.postMessage", Duration.ofSeconds(10));

                p.process().destroy(); // SIGTERM
                p.awaitExit(Duration.ofSeconds(30));
                String logs = p.stdout() + p.stderr();
                assertThat(logs).contains("Stored the org-wide install on " + slack.enterpriseId())
                        .doesNotContain(OAuthFlow.BOT_TOKEN).doesNotContain(OAuthFlow.ADMIN_TOKEN)
                        .doesNotContain(TestApp.CLIENT_SECRET).doesNotContain(TestApp.ENCRYPTION_KEY)
                        .doesNotContain(TestApp.SIGNING_SECRET).doesNotContain("code-process");
            }
        }
    }
}
