package dev.sessionguard.support;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.servlet.SlackAppServlet;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Both halves of the rig around a real Bolt app on Jetty 12 ee8: signed requests in, Web API calls out. */
class RigRoundTripTest {

    private static final String SECRET = "test-signing-secret";

    private FakeSlack fake;
    private Slack slack;
    private Server jetty;
    private SlackRequests requests;

    @BeforeEach
    void start() throws Exception {
        fake = FakeSlack.start();
        fake.user(FakeUser.member("W0000ALICE").name("alice").orgAdmin());
        slack = Slack.getInstance(fake.slackConfig());
        App app = new App(AppConfig.builder()
                .signingSecret(SECRET)
                .singleTeamBotToken("xoxb-test-bot")
                .slack(slack)
                .build());
        app.command("/session-reset", (req, ctx) -> {
            boolean admin = ctx.client().usersInfo(r -> r.user(req.getPayload().getUserId()))
                    .getUser().getEnterpriseUser().isAdmin();
            return ctx.ack("org admin: " + admin);
        });
        app.viewSubmission("reset-confirm", (req, ctx) -> ctx.ack());

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new SlackAppServlet(app)), "/slack/events");
        jetty.setHandler(context);
        jetty.start();
        requests = new SlackRequests("http://127.0.0.1:" + connector.getLocalPort(), SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        slack.close();
        fake.close();
    }

    @Test
    void signedCommandReachesTheHandlerWhichCallsTheFake() {
        HttpResponse<String> r = requests.slashCommand(SlackRequests.command("W0000ALICE", "help"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("org admin: true");
        assertThat(fake.awaitCall("auth.test", Duration.ofSeconds(5)).token()).isEqualTo("xoxb-test-bot");
        assertThat(fake.awaitCall("users.info", Duration.ofSeconds(5)).param("user")).isEqualTo("W0000ALICE");
    }

    @Test
    void interactivityPayloadIsAccepted() {
        HttpResponse<String> r = requests.interactivity(SlackRequests.viewSubmission(
                "W0000ALICE", "reset-confirm", "V0000000001", new com.google.gson.JsonObject(), ""));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void forgedAndStaleRequestsAreRejectedBeforeAnyHandler() {
        assertThat(requests.withSigningSecret("forged").slashCommand(SlackRequests.command("W0000ALICE", "help"))
                .statusCode()).isEqualTo(401);
        long stale = Instant.now().minusSeconds(600).getEpochSecond();
        assertThat(requests.withTimestamp(stale).slashCommand(SlackRequests.command("W0000ALICE", "help"))
                .statusCode()).isEqualTo(401);
        assertThat(fake.calls("users.info")).isEmpty();
    }
}
