package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.support.FakeAuditLogs;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor} with threat response on: the audit logs token's {@code auth.test} (scope, org), then one entry of
 * Slack's Audit Logs API, both against the loopback fake.
 */
class DoctorThreatTest {

    private static final String OWNER = FakeAuditLogs.OWNER_TOKEN;

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
    void withoutAnAuditLogsTokenThereIsNoThreatCheck() {
        DoctorTest.Result r = DoctorTest.run(fake, Map.of());

        assertThat(r.output()).doesNotContain("audit logs").contains("All 6 checks passed.");
        assertThat(logs.requests()).isEmpty();
    }

    @Test
    void anOrgOwnersTokenWithTheScopePassesBothChecks() {
        DoctorTest.Result r = runDoctor();

        assertThat(r.code()).isZero();
        assertThat(r.lines()).endsWith(
                "ok    audit logs token: authenticates as org-owner (W0000OWNER) in Example Org (E0000ORG1), has "
                        + "auditlogs:read, of the same org as the admin token's (E0000ORG1)",
                "ok    audit logs API: Slack's Audit Logs API answered the token, so it is an Org Owner's and may read "
                        + "the org's anomalies",
                "All 8 checks passed.");
        assertThat(fake.calls("auth.test")).extracting(RecordedCall::token)
                .containsExactly(TestApp.BOT_TOKEN, TestApp.ADMIN_TOKEN, OWNER);
        assertThat(logs.requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).isEqualTo("Bearer " + OWNER);
            assertThat(request.param("limit")).isEqualTo("1");
        });
        assertNoSecrets(r);
    }

    @Test
    void aTokenWithoutAuditlogsReadNamesTheScopeAndSkipsTheApi() {
        logs.owner(OWNER, null, "admin.users:read");

        DoctorTest.Result r = runDoctor();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line(Doctor.AUDIT_LOGS_TOKEN)).startsWith("FAIL  audit logs token: authenticates as org-owner")
                .contains("but it lacks auditlogs:read").contains("Fix: as an Org Owner, add the auditlogs:read user "
                        + "scope").contains(ThreatSettings.AUDIT_LOGS_TOKEN);
        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("SKIP  audit logs API: not checked because");
        assertThat(r.lines()).last().asString().startsWith("1 of 8 checks failed, 1 skipped");
        assertThat(logs.requests()).isEmpty();
        assertNoSecrets(r);
    }

    @Test
    void aTokenOfAnotherOrgNamesBothOrgs() {
        logs.owner(OWNER, "E0000OTHER", FakeAuditLogs.SCOPE);

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_TOKEN)).startsWith("FAIL  ")
                .contains("but it is of the org E0000OTHER while the admin token's is E0000ORG1")
                .contains("an Org Owner's user token of E0000ORG1");
        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("SKIP  ");
    }

    @Test
    void withTheAdminTokenRefusedTheOrgIsComparedWithTheBotTokens() {
        fake.respond("auth.test", c -> TestApp.ADMIN_TOKEN.equals(c.token()) ? FakeResponse.error("invalid_auth")
                : fake.defaultAnswer(c));

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_TOKEN)).startsWith("ok    ")
                .endsWith("of the same org as the bot token's (E0000ORG1)");
        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("ok    ");
    }

    @Test
    void aRevokedTokenFailsWithoutBlamingTheAppsOwnTokens() {
        fake.respond("auth.test", c -> OWNER.equals(c.token()) ? FakeResponse.error("token_revoked")
                : fake.defaultAnswer(c));

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_TOKEN)).startsWith("FAIL  audit logs token: Slack refused it "
                + "(token_revoked): the token was revoked. Fix: set SLACK_AUDIT_LOGS_TOKEN to the user token")
                .doesNotContain("SLACK_ADMIN_TOKEN").doesNotContain("SLACK_BOT_TOKEN");
        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("SKIP  ");
    }

    @Test
    void aTokenTheApiRefusesIsNotAnOrgOwnersOrWasRevoked() {
        logs.answerNext(error(401, "invalid_authentication"));

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_TOKEN)).startsWith("ok    ");
        assertThat(r.line(Doctor.AUDIT_LOGS_API)).isEqualTo("FAIL  audit logs API: Slack's Audit Logs API answered "
                + "401 invalid_authentication: the token is not an Org Owner's, or it was revoked. Fix: set "
                + "SLACK_AUDIT_LOGS_TOKEN to the user token (xoxp-...) of an Org Owner (Org Admins' are not accepted) "
                + "from an app installed on the org with the auditlogs:read user scope");
        assertThat(r.lines()).last().asString().startsWith("1 of 8 checks failed");
    }

    @Test
    void theApisMissingScopeNamesTheScope() {
        logs.answerNext(error(403, "missing_scope"));

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("FAIL  audit logs API: Slack's Audit Logs API answered "
                + "403 missing_scope: the token lacks auditlogs:read. Fix: as an Org Owner, add the auditlogs:read");
    }

    @Test
    void aRateLimitedProbeSaysWhenToTryAgain() {
        logs.rateLimitNext(1, 30);

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("FAIL  ").contains("429 ratelimited (retry after 30 s)")
                .contains("run doctor again in a minute");
    }

    @Test
    void somethingElseAtTheUrlIsNotTheAuditLogsApi() {
        logs.malformedNext(1);

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("FAIL  ").contains("200 malformed_response")
                .contains("that is not Slack's Audit Logs API").contains(ThreatSettings.AUDIT_LOGS_URL)
                .contains(ThreatSettings.DEFAULT_AUDIT_LOGS_URL);
    }

    @Test
    void anUnreachableAuditLogsUrlIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = logs.configure(new HashMap<>());
        env.put(ThreatSettings.AUDIT_LOGS_URL, "http://127.0.0.1:" + closedPort + "/audit/v1/");

        DoctorTest.Result r = DoctorTest.run(fake, env);

        assertThat(r.line(Doctor.AUDIT_LOGS_API)).isEqualTo("FAIL  audit logs API: Slack's Audit Logs API did not "
                + "answer (io_error). Fix: check the network and SLACK_AUDIT_LOGS_URL, then run doctor again");
        assertNoSecrets(r);
    }

    @Test
    void slackHavingTroubleIsSaidAsSuch() {
        logs.failNext(1, 503);

        DoctorTest.Result r = runDoctor();

        assertThat(r.line(Doctor.AUDIT_LOGS_API)).startsWith("FAIL  ").contains("503 http_503: Slack had trouble")
                .contains("run doctor again in a few minutes");
    }

    private DoctorTest.Result runDoctor() {
        return DoctorTest.run(fake, logs.configure(new HashMap<>()));
    }

    private static FakeResponse error(int status, String code) {
        JsonObject json = new JsonObject();
        json.addProperty("ok", false);
        json.addProperty("error", code);
        return FakeResponse.json(status, json);
    }

    private static void assertNoSecrets(DoctorTest.Result r) {
        for (String secret : List.of(OWNER, TestApp.BOT_TOKEN, TestApp.ADMIN_TOKEN, TestApp.SIGNING_SECRET)) {
            assertThat(r.output()).doesNotContain(secret);
        }
    }
}
