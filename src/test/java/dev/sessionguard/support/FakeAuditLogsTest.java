package dev.sessionguard.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.sessionguard.config.ThreatSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Audit Logs API itself, asked with a plain HTTP client: what the client tests and the watcher lean on. */
class FakeAuditLogsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private FakeSlack fake;
    private FakeAuditLogs logs;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        logs = fake.auditLogs();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void configurePointsTheEnvironmentAtTheFakeWithARegisteredOwner() {
        Map<String, String> env = logs.configure(new HashMap<>());

        assertThat(env).containsEntry(ThreatSettings.AUDIT_LOGS_TOKEN, FakeAuditLogs.OWNER_TOKEN)
                .containsEntry(ThreatSettings.AUDIT_LOGS_URL, fake.auditUrl());
        assertThat(fake.auditUrl()).matches("http://127\\.0\\.0\\.1:\\d+/audit/v1/");
        assertThat(get("logs", FakeAuditLogs.OWNER_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutLimitAPageHoldsAHundredAndLatestIsInclusive() {
        logs.owner("xoxp-o");
        for (int i = 0; i < 150; i++) {
            logs.anomaly("W" + i, T0.plusSeconds(i), List.of("asn"));
        }

        JsonObject all = json(get("logs?action=anomaly", "xoxp-o"));
        JsonObject upTo = json(get("logs?latest=" + T0.plusSeconds(9).getEpochSecond() + "&oldest="
                + T0.plusSeconds(5).getEpochSecond(), "xoxp-o"));

        assertThat(all.getAsJsonArray("entries")).hasSize(FakeAuditLogs.DEFAULT_LIMIT);
        assertThat(all.getAsJsonObject("response_metadata").get("next_cursor").getAsString()).isNotEmpty();
        assertThat(userIds(upTo.getAsJsonArray("entries"))).containsExactly("W9", "W8", "W7", "W6", "W5");
    }

    @Test
    void aCursorStaysValidWhileNewerEntriesArrive() {
        logs.owner("xoxp-o");
        for (int i = 0; i < 4; i++) {
            logs.anomaly("W" + i, T0.plusSeconds(i), List.of("asn"));
        }
        String cursor = json(get("logs?limit=2", "xoxp-o")).getAsJsonObject("response_metadata")
                .get("next_cursor").getAsString();
        logs.anomaly("W9", T0.plusSeconds(100), List.of("tor"));

        JsonObject next = json(get("logs?limit=2&cursor=" + cursor, "xoxp-o"));

        assertThat(userIds(next.getAsJsonArray("entries"))).containsExactly("W1", "W0");
        assertThat(next.getAsJsonObject("response_metadata").get("next_cursor").getAsString()).isEmpty();
    }

    @Test
    void missingScopeNamesWhatIsNeededAndWhatWasGiven() {
        logs.owner("xoxp-o", null, "admin.users:read");

        HttpResponse<String> r = get("logs", "xoxp-o");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").getAsString()).isEqualTo("missing_scope");
        assertThat(json(r).get("needed").getAsString()).isEqualTo("auditlogs:read");
        assertThat(json(r).get("provided").getAsString()).isEqualTo("admin.users:read");
        assertThat(get("logs", null).statusCode()).isEqualTo(401);
    }

    @Test
    void authTestAnswersAnOwnersTokenWithItsOrgAndScopes() throws Exception {
        logs.owner("xoxp-o").owner("xoxp-elsewhere", "E0000OTHER", "auditlogs:read", "admin.users:read");
        Slack slack = Slack.getInstance(fake.slackConfig());

        AuthTestResponse owner = slack.methods().authTest(q -> q.token("xoxp-o"));
        AuthTestResponse elsewhere = slack.methods().authTest(q -> q.token("xoxp-elsewhere"));
        AuthTestResponse admin = slack.methods().authTest(q -> q.token(TestApp.ADMIN_TOKEN));

        assertThat(owner.getEnterpriseId()).isEqualTo(FakeSlack.DEFAULT_ENTERPRISE_ID);
        assertThat(owner.getUserId()).isEqualTo(FakeAuditLogs.OWNER_USER_ID);
        assertThat(owner.getHttpResponseHeaders().get("x-oauth-scopes")).containsExactly("auditlogs:read");
        assertThat(elsewhere.getEnterpriseId()).isEqualTo("E0000OTHER");
        assertThat(admin.getHttpResponseHeaders().get("x-oauth-scopes"))
                .containsExactly("admin.users:read,admin.users:write");
    }

    private HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.auditUrl() + pathAndQuery)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static List<String> userIds(JsonArray entries) {
        return entries.asList().stream()
                .map(e -> e.getAsJsonObject().getAsJsonObject("entity").getAsJsonObject("user").get("id").getAsString())
                .toList();
    }
}
