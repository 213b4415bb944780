package dev.sessionguard.slackapi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeAuditLogs;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link AuditLogs} over real loopback HTTP against the fake Audit Logs API on {@link FakeSlack}. */
class AuditLogsTest {

    private static final String TOKEN = FakeAuditLogs.OWNER_TOKEN;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private FakeSlack fake;
    private FakeAuditLogs logs;
    private AuditLogs api;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        logs = fake.auditLogs().owner(TOKEN);
        api = client(TOKEN);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void pagesComeNewestFirstAndTheCursorLeadsToTheLastPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(logs.anomaly("W" + i, T0.plusSeconds(i), List.of("asn")).id());
        }
        ids.add(logs.slackReset("W3", T0.plusSeconds(10)).id());

        AuditLogs.Page first = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 2);
        AuditLogs.Page second = api.page(AuditLogs.SESSION_ACTIONS, 0, first.nextCursor(), 2);
        AuditLogs.Page last = api.page(AuditLogs.SESSION_ACTIONS, 0, second.nextCursor(), 2);

        assertThat(first.ok()).isTrue();
        assertThat(first.entries()).extracting(AuditLogEntry::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(second.entries()).extracting(AuditLogEntry::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(last.entries()).extracting(AuditLogEntry::id).containsExactly(ids.get(0));
        assertThat(first.nextCursor()).isNotNull();
        assertThat(last.nextCursor()).isNull();
        List<FakeAuditLogs.Request> requests = logs.requests();
        assertThat(requests).hasSize(3).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/audit/v1/logs");
            assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(r.param("action")).isEqualTo("anomaly,user_sessions_reset_by_anomaly_event_response");
            assertThat(r.param("limit")).isEqualTo("2");
            assertThat(r.query()).doesNotContainKey("oldest");
        });
        assertThat(requests.get(0).query()).doesNotContainKey("cursor");
        assertThat(requests.get(1).param("cursor")).isEqualTo(first.nextCursor());
    }

    @Test
    void onlyTheActionsAskedForFromOldestOnAreRead() {
        logs.anomaly("W1", T0.minusSeconds(1), List.of("tor"));
        String atOldest = logs.anomaly("W2", T0, List.of("tor")).id();
        String newer = logs.anomaly("W3", T0.plusSeconds(60), List.of("tor")).id();
        logs.slackReset("W3", T0.plusSeconds(61));

        AuditLogs.Page page = api.page(List.of(AuditLogEntry.ANOMALY), T0.getEpochSecond(), null, 100);

        assertThat(page.entries()).extracting(AuditLogEntry::id).containsExactly(newer, atOldest);
        assertThat(logs.requests().get(0).param("oldest")).isEqualTo(Long.toString(T0.getEpochSecond()));
        assertThat(logs.requests().get(0).param("action")).isEqualTo("anomaly");
    }

    @Test
    void anAnomalyIsReadFieldByField() {
        FakeAuditLogs.Entry sent = logs.anomaly("W123", T0, List.of("asn", "ip_address")).sessionId("1234567");

        AuditLogEntry e = only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10));

        assertThat(e).isEqualTo(new AuditLogEntry(sent.id(), T0, "anomaly", "W123", FakeSlack.DEFAULT_ENTERPRISE_ID,
                List.of("asn", "ip_address"), FakeAuditLogs.DEFAULT_IP, FakeAuditLogs.DEFAULT_UA,
                FakeAuditLogs.DEFAULT_LOCATION, "1234567", FakeAuditLogs.DEFAULT_PREVIOUS_IP,
                FakeAuditLogs.DEFAULT_PREVIOUS_UA));
    }

    @Test
    void slacksOwnResetIsAboutItsEntityNotItsActor() {
        logs.slackReset("W123", T0);

        AuditLogEntry e = only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10));

        assertThat(e.action()).isEqualTo(AuditLogEntry.RESET_BY_ANOMALY_RESPONSE);
        assertThat(e.userId()).isEqualTo("W123");
        assertThat(e.reasons()).isEmpty();
        assertThat(e.ipAddress()).isNull();
        assertThat(e.location()).isNull();
    }

    @Test
    void aReasonGivenAsOneStringIsAListOfOne() {
        logs.anomaly("W1", T0, List.of()).reason("session_fingerprint");

        assertThat(only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10)).reasons())
                .containsExactly("session_fingerprint");
    }

    @Test
    void missingFieldsAreNullAndTheEntryIsStillRead() {
        logs.anomaly("W1", T0, List.of("asn")).remove("context").remove("details").remove("date_create")
                .remove("action");

        AuditLogEntry e = only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10));

        assertThat(e.userId()).isEqualTo("W1");
        assertThat(e.at()).isNull();
        assertThat(e.action()).isNull();
        assertThat(e.reasons()).isEmpty();
        assertThat(List.of(e)).extracting(AuditLogEntry::enterpriseId, AuditLogEntry::ipAddress,
                AuditLogEntry::userAgent, AuditLogEntry::location, AuditLogEntry::sessionId,
                AuditLogEntry::previousIpAddress, AuditLogEntry::previousUserAgent)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(null, null, null, null, null, null, null));
    }

    @Test
    void theUserIsTheEntityWhenItIsAUserElseTheActor() {
        String workspace = logs.anomaly("W1", T0, List.of("asn")).entity("workspace", "T0000TEAM1").actor("W2").id();
        String noEntityId = logs.anomaly("W3", T0.minusSeconds(1), List.of("asn")).remove("entity.user.id").id();
        String noEntity = logs.anomaly("W4", T0.minusSeconds(2), List.of("asn")).remove("entity").id();

        List<AuditLogEntry> entries = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10).entries();

        assertThat(entries).extracting(AuditLogEntry::id).containsExactly(workspace, noEntityId, noEntity);
        // An entity that is a person without an id names nobody: the actor may be someone else (an admin, Slack).
        assertThat(entries).extracting(AuditLogEntry::userId).containsExactly("W2", null, "W4");
    }

    @Test
    void anOrgIsOnlyTakenFromAnEnterpriseLocation() {
        logs.malformed(T0, """
                {"id":"e1","action":"anomaly","entity":{"type":"user","user":{"id":"W1"}},
                 "context":{"location":{"type":"workspace","id":"T0000TEAM1"}}}""");

        AuditLogEntry e = only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10));

        assertThat(e.userId()).isEqualTo("W1");
        assertThat(e.enterpriseId()).isNull();
    }

    @Test
    void oddlyTypedFieldsAreNullNotAFailedPage() {
        logs.malformed(T0, """
                {"id":"e1","date_create":"yesterday","action":["anomaly"],"entity":{"type":"user","user":{"id":{}}},
                 "context":{"ip_address":null,"session_id":1234567,"ua":{"x":1}},
                 "details":{"reason":["asn",7,null,{"x":1},"tor"],"location":[]}}""");

        AuditLogs.Page page = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10);

        AuditLogEntry e = only(page);
        assertThat(e.at()).isNull();
        assertThat(e.action()).isNull();
        assertThat(e.userId()).isNull();
        assertThat(e.ipAddress()).isNull();
        assertThat(e.userAgent()).isNull();
        assertThat(e.location()).isNull();
        assertThat(e.sessionId()).isEqualTo("1234567");
        assertThat(e.reasons()).containsExactly("asn", "7", "tor");
    }

    @Test
    void entriesThatAreNotObjectsWithAnIdAreSkippedAndCountedWithoutTheirContents() {
        String good = logs.anomaly("W1", T0, List.of("asn")).id();
        logs.malformed(T0.minusSeconds(1), "\"hostile-SKIPPED-text\"");
        logs.malformed(T0.minusSeconds(2), "{\"action\":\"anomaly\",\"context\":{\"ua\":\"hostile-SKIPPED-ua\"}}");
        logs.malformed(T0.minusSeconds(3), "{\"id\":\"\"}");
        logs.malformed(T0.minusSeconds(4), "[\"hostile-SKIPPED-list\"]");
        logs.malformed(T0.minusSeconds(5), "null");
        String alsoGood = logs.anomaly("W2", T0.minusSeconds(6), List.of("tor")).id();

        AuditLogs.Page page;
        try (CapturedLogs captured = CapturedLogs.start()) {
            page = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 100);

            List<ILoggingEvent> warnings = captured.from(AuditLogs.class, Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("5 of 7 entries").doesNotContain("hostile");
        }
        assertThat(page.ok()).isTrue();
        assertThat(page.entries()).extracting(AuditLogEntry::id).containsExactly(good, alsoGood);
    }

    @Test
    void aRateLimitedAnswerCarriesRetryAfterAndTheNextCallWorks() {
        logs.anomaly("W1", T0, List.of("asn"));
        logs.rateLimitNext(1, 7);

        AuditLogs.Failure failure = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10).failure();
        AuditLogs.Page after = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10);

        assertThat(failure).isEqualTo(new AuditLogs.Failure("ratelimited", 429, 7));
        assertThat(failure.rateLimited()).isTrue();
        assertThat(failure.transientError()).isFalse();
        assertThat(after.entries()).hasSize(1);
    }

    @Test
    void aServerErrorIsTransientAndNamedByItsStatusOrSlacksCode() {
        logs.failNext(1, 500);
        JsonObject unavailable = new JsonObject();
        unavailable.addProperty("ok", false);
        unavailable.addProperty("error", "service_unavailable");
        logs.answerNext(FakeResponse.json(503, unavailable));

        AuditLogs.Failure plain = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10).failure();
        AuditLogs.Failure named = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10).failure();

        assertThat(plain).isEqualTo(new AuditLogs.Failure("http_500", 500, 0));
        assertThat(named).isEqualTo(new AuditLogs.Failure("service_unavailable", 503, 0));
        assertThat(plain.transientError()).isTrue();
        assertThat(named.transientError()).isTrue();
        assertThat(plain.rateLimited()).isFalse();
    }

    @Test
    void aBotTokenOrAnUnknownOneIsRefusedAsInvalidAuthentication() {
        AuditLogs.Failure bot = client(TestApp.BOT_TOKEN).probe().failure();
        AuditLogs.Failure unknown = client("xoxp-nobody-registered").probe().failure();

        assertThat(bot).isEqualTo(new AuditLogs.Failure("invalid_authentication", 401, 0));
        assertThat(unknown).isEqualTo(new AuditLogs.Failure("invalid_authentication", 401, 0));
        assertThat(bot.transientError()).isFalse();
    }

    @Test
    void aTokenWithoutAuditlogsReadGetsMissingScope() {
        logs.owner("xoxp-owner-without-scope", null, "admin.users:read");

        AuditLogs.Failure failure = client("xoxp-owner-without-scope").probe().failure();

        assertThat(failure).isEqualTo(new AuditLogs.Failure("missing_scope", 403, 0));
        assertThat(failure.transientError()).isFalse();
    }

    @Test
    void aBodyThatIsNotAPageIsMalformedAndWorthRetrying() {
        logs.malformedNext(1);
        logs.answerNext(FakeResponse.httpStatus(200, "{\"ok\":true}"),
                FakeResponse.httpStatus(200, "{\"entries\":{\"id\":\"e1\"}}"),
                FakeResponse.httpStatus(200, "[]"),
                FakeResponse.httpStatus(200, "{\"entries\":[{\"id\":"));

        for (int i = 0; i < 5; i++) {
            AuditLogs.Failure failure = api.probe().failure();
            assertThat(failure).isEqualTo(new AuditLogs.Failure(AuditLogs.MALFORMED_RESPONSE, 200, 0));
            assertThat(failure.transientError()).isTrue();
        }
    }

    @Test
    void aTwoHundredCarryingSlacksErrorIsThatError() {
        logs.answerNext(FakeResponse.error("feature_not_enabled"));

        assertThat(api.probe().failure()).isEqualTo(new AuditLogs.Failure("feature_not_enabled", 200, 0));
    }

    @Test
    void aCursorSlackDoesNotKnowIsItsError() {
        logs.anomaly("W1", T0, List.of("asn"));

        assertThat(api.page(AuditLogs.SESSION_ACTIONS, 0, "bm9wZQ", 10).failure())
                .isEqualTo(new AuditLogs.Failure("invalid_cursor", 400, 0));
    }

    @Test
    void aRefusedConnectionIsAnIoError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AuditLogs nowhere = new AuditLogs(Slack.getInstance(fake.slackConfig()),
                "http://127.0.0.1:" + closedPort + "/audit/v1/", new Secret(TOKEN));

        AuditLogs.Failure failure = nowhere.probe().failure();

        assertThat(failure).isEqualTo(new AuditLogs.Failure(AuditLogs.IO_ERROR, 0, 0));
        assertThat(failure.transientError()).isTrue();
    }

    @Test
    void anAnswerSlowerThanTheClientWaitsIsAnIoError() {
        SlackConfig config = fake.slackConfig();
        config.setHttpClientReadTimeoutMillis(200);
        config.setHttpClientCallTimeoutMillis(300);
        logs.slowNext(1, Duration.ofSeconds(30));

        AuditLogs.Failure failure = new AuditLogs(Slack.getInstance(config), fake.auditUrl(), new Secret(TOKEN))
                .probe().failure();

        assertThat(failure).isEqualTo(new AuditLogs.Failure(AuditLogs.IO_ERROR, 0, 0));
    }

    @Test
    void aTokenOrUrlTheHttpClientWontSendIsAnIoErrorNotAnException() {
        assertThat(client("xoxp-line\nbreak").probe().failure().error()).isEqualTo(AuditLogs.IO_ERROR);
        assertThat(new AuditLogs(Slack.getInstance(fake.slackConfig()), "not a url/", new Secret(TOKEN)).probe()
                .failure().error()).isEqualTo(AuditLogs.IO_ERROR);
    }

    @Test
    void theTokenIsInNoPageNoFailureAndNoLogEvenAtDebug() throws Exception {
        Logger sdk = (Logger) LoggerFactory.getLogger("com.slack.api");
        Level before = sdk.getLevel();
        sdk.setLevel(Level.DEBUG);
        List<String> pages = new ArrayList<>();
        List<String> logLines = new ArrayList<>();
        try (CapturedLogs captured = CapturedLogs.start()) {
            logs.anomaly("W1", T0, List.of("asn"));
            logs.malformed(T0.minusSeconds(1), "{}");
            logs.rateLimitNext(1, 3).failNext(1, 500).malformedNext(1);
            logs.owner("xoxp-SECRET-no-scope", null, "admin.users:read");
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            for (AuditLogs client : List.of(api, api, api, api, client("xoxb-SECRET-bot"),
                    client("xoxp-SECRET-no-scope"), client("xoxp-SECRET-line\nbreak"),
                    new AuditLogs(Slack.getInstance(fake.slackConfig()), "http://127.0.0.1:" + closedPort + "/v1/",
                            new Secret(TOKEN)))) {
                pages.add(String.valueOf(client.page(AuditLogs.SESSION_ACTIONS, 0, null, 10)));
            }
            captured.events().forEach(e -> logLines.add(e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
        } finally {
            sdk.setLevel(before);
        }

        assertThat(pages).hasSize(8).noneMatch(s -> s.contains(TOKEN) || s.contains("SECRET"));
        assertThat(logLines).isNotEmpty().noneMatch(s -> s.contains(TOKEN) || s.contains("SECRET"));
    }

    @Test
    void hostileStringsComeThroughAsDataUnchanged() {
        String ua = "<!channel> `code` *bold* \n\r\u202Eevil\u202C <https://evil.example|click> " + "A".repeat(10_240);
        String location = "Lisbon\u200F, <@W0000ADMIN>\n> quoted";
        String ip = "203.0.113.9\"}, {\"id\":\"forged";
        logs.anomaly("W1", T0, List.of("asn", "<!here>")).ua(ua).location(location).ip(ip).previousUa("\u0000\u001b[31m");

        AuditLogEntry e = only(api.page(AuditLogs.SESSION_ACTIONS, 0, null, 10));

        assertThat(e.userAgent()).isEqualTo(ua);
        assertThat(e.location()).isEqualTo(location);
        assertThat(e.ipAddress()).isEqualTo(ip);
        assertThat(e.previousUserAgent()).isEqualTo("\u0000\u001b[31m");
        assertThat(e.reasons()).containsExactly("asn", "<!here>");
    }

    @Test
    void aThousandEntryPageIsReadWhole() {
        for (int i = 0; i < 1000; i++) {
            logs.anomaly("W" + i, T0.plusSeconds(i), List.of("asn", "ip_address"));
        }

        AuditLogs.Page page = api.page(AuditLogs.SESSION_ACTIONS, 0, null, 1000);

        assertThat(page.entries()).hasSize(1000);
        assertThat(page.entries().get(0).userId()).isEqualTo("W999");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void theProbeAsksForOneAnomalyOfAnyAge() {
        api.probe();

        FakeAuditLogs.Request r = logs.requests().get(0);
        assertThat(r.query()).containsOnlyKeys("action", "limit").containsEntry("action", "anomaly")
                .containsEntry("limit", "1");
    }

    @Test
    void anErrorBodyIsTrustedOnlyForACodeShapedLikeSlacks() {
        assertThat(AuditLogs.read(401, null, "{\"error\":\"<!channel> \\n forged\"}").failure())
                .isEqualTo(new AuditLogs.Failure("http_401", 401, 0));
        assertThat(AuditLogs.read(502, null, "<html>Bad gateway</html>").failure())
                .isEqualTo(new AuditLogs.Failure("http_502", 502, 0));
        assertThat(AuditLogs.read(403, null, "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"auditlogs:read\"}")
                .failure()).isEqualTo(new AuditLogs.Failure("missing_scope", 403, 0));
    }

    @Test
    void aRetryAfterThatIsNotSecondsCountsAsNone() {
        assertThat(AuditLogs.read(429, "Wed, 21 Oct 2026 07:28:00 GMT", "").failure())
                .isEqualTo(new AuditLogs.Failure("ratelimited", 429, 0));
        assertThat(AuditLogs.read(429, "-5", "").failure().retryAfter()).isZero();
        assertThat(AuditLogs.read(429, " 30 ", "").failure().retryAfter()).isEqualTo(30);
    }

    @Test
    void anEmptyNextCursorMeansTheLastPage() {
        assertThat(AuditLogs.read(200, null, "{\"entries\":[],\"response_metadata\":{\"next_cursor\":\"\"}}")
                .nextCursor()).isNull();
        assertThat(AuditLogs.read(200, null, "{\"entries\":[]}").nextCursor()).isNull();
        assertThat(AuditLogs.read(200, null, "{\"entries\":[],\"response_metadata\":{\"next_cursor\":\"abc\"}}")
                .nextCursor()).isEqualTo("abc");
    }

    private AuditLogs client(String token) {
        return new AuditLogs(Slack.getInstance(fake.slackConfig()), fake.auditUrl(), new Secret(token));
    }

    private static AuditLogEntry only(AuditLogs.Page page) {
        assertThat(page.failure()).isNull();
        assertThat(page.entries()).hasSize(1);
        return page.entries().get(0);
    }
}
