package dev.sessionguard;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonParser;
import dev.sessionguard.audit.AuditOutbox;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The app as a whole: readiness, acking before Slack work, configuration knobs, and what it logs. */
@Tag("slow")
class SessionGuardTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    FakeSlack slack;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        slack = Org.register(FakeSlack.start());
        logs = new ListAppender<>();
        logs.start();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of("dev.sessionguard", "com.slack.api")) {
            Logger logger = context.getLogger(name);
            logger.addAppender(logs);
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void stop() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("dev.sessionguard").detachAppender(logs);
        context.getLogger("com.slack.api").detachAppender(logs);
        context.getLogger("dev.sessionguard").setLevel(Level.INFO);
        context.getLogger("com.slack.api").setLevel(Level.WARN);
        slack.close();
    }

    @Test
    void healthzSaysNotReadyWhileSlackRefusesTheBotToken() throws Exception {
        slack.respond("auth.test", c -> FakeResponse.error("invalid_auth"));
        try (SessionGuard app = SessionGuard.start(Settings.from(TestApp.environment(slack)))) {
            String url = "http://127.0.0.1:" + app.port();
            Await.until(WAIT, () -> !slack.calls("auth.test").isEmpty(), "Bolt's auth.test");
            Await.until(WAIT, () -> get(url + "/healthz").body().contains("invalid_auth"), "the reason on /healthz");

            assertThat(get(url + "/healthz").statusCode()).isEqualTo(503);

            slack.respond("auth.test", null);
            Await.until(Duration.ofSeconds(15), () -> get(url + "/healthz").statusCode() == 200, "readiness after recovery");
        }
    }

    @Test
    void shutdownDoesNotWaitForAStartUpThatSlackKeepsRefusing() throws Exception {
        slack.respond("auth.test", c -> FakeResponse.error("invalid_auth"));
        SessionGuard app = SessionGuard.start(Settings.from(TestApp.environment(slack)));
        Await.until(WAIT, () -> slack.calls("auth.test").size() >= 2, "Bolt to retry auth.test");

        // Well under the 60 s the after-ack work may take and Docker's 10 s stop timeout.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(8), app::close);
    }

    @Test
    void commandIsAckedWhileSlackIsStillBusy() throws Exception {
        CountDownLatch slackReleased = new CountDownLatch(1);
        slack.respond("views.open", c -> {
            await(slackReleased);
            return FakeResponse.ok(JsonParser.parseString("{\"view\":{\"id\":\"V1\"}}").getAsJsonObject());
        });
        try (TestApp app = TestApp.start(slack)) {
            HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

            // The ack came back although views.open has not been answered yet.
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(slackReleased.getCount()).isEqualTo(1);
            slack.awaitCall("views.open", WAIT);
            slackReleased.countDown();
            slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
        } finally {
            slackReleased.countDown();
        }
    }

    @Test
    void moreThanMaxUsersIsAnErrorOnTheUsersBlock() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(TestApp.environment(slack));
        env.put(GuardSettings.MAX_USERS, "2");
        try (TestApp app = TestApp.start(env)) {
            HttpResponse<String> ack = app.slack().interactivity(
                    ResetPayloads.submission(ADMIN, List.of(ALICE, BOB, CAROL), "all", "too many"));

            var body = JsonParser.parseString(ack.body()).getAsJsonObject();
            assertThat(body.get("response_action").getAsString()).isEqualTo("errors");
            assertThat(body.getAsJsonObject("errors").get(ResetModal.USERS_BLOCK).getAsString()).contains("at most 2");
            assertThat(slack.calls("admin.users.session.reset")).isEmpty();
        }
    }

    @Test
    void adminGroupLimitsUseToItsMembers() throws Exception {
        slack.userGroup("S0000SECOPS", ALICE);
        Map<String, String> env = new java.util.HashMap<>(TestApp.environment(slack));
        env.put(GuardSettings.ADMIN_GROUP, "S0000SECOPS");
        try (TestApp app = TestApp.start(env)) {
            app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(BOB), "all", "not in group"));

            slack.awaitCall("views.update", c -> c.param("view").contains("admin user group"), WAIT);
            var audit = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")), WAIT);
            assertThat(audit.jsonArrayParam("blocks").toString()).contains("not_in_admin_group");
            assertThat(slack.calls("admin.users.session.reset")).isEmpty();
        }
    }

    @Test
    void failedAuditPostIsLoggedInFullAtError() throws Exception {
        slack.respond("chat.postMessage", c -> FakeResponse.error("not_in_channel"));
        try (TestApp app = TestApp.start(slack)) {
            app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "web", "lost phone"));

            Await.until(WAIT, () -> errorsFrom(AuditOutbox.class).stream().anyMatch(m -> m.contains(ALICE)),
                    "the audit record at ERROR");
            String logged = errorsFrom(AuditOutbox.class).get(0);
            assertThat(logged).contains("not_in_channel").contains(ADMIN).contains(ALICE).contains("Web only")
                    .contains("lost phone");
        }
    }

    @Test
    void noTokenOrSecretIsEverLogged() throws Exception {
        slack.respondInSequence("admin.users.session.reset", FakeResponse.error("invalid_auth"));
        try (TestApp app = TestApp.start(slack)) {
            app.slack().slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + "> web"));
            slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
            app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE, BOB), "all", "x"));
            slack.awaitCall("views.update", c -> c.param("view").contains("signed out"), WAIT);
            app.slack().withSigningSecret("wrong").slashCommand(SlackRequests.command(ADMIN, ""));
        }

        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage() + e.getThrowableProxy())
                .doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                .doesNotContain(TestApp.SIGNING_SECRET).doesNotContain("xoxb-test").doesNotContain("xoxp-test"));
    }

    private List<String> errorsFrom(Class<?> source) {
        List<ILoggingEvent> events;
        synchronized (logs) { // AppenderBase.doAppend adds under the appender's lock; read the list under it too
            events = List.copyOf(logs.list);
        }
        return events.stream()
                .filter(e -> e.getLevel() == Level.ERROR && e.getLoggerName().equals(source.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
