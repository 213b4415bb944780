package dev.sessionguard.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.admin.users.AdminUsersSessionGetSettingsResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionInvalidateResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.User;
import com.slack.api.model.view.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewTitle;
import static dev.sessionguard.support.FakeResponse.ok;
import static dev.sessionguard.support.FakeResponse.ratelimited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeSlackTest {

    private static final String BOT = "xoxb-test-bot";
    private static final String ADMIN = "xoxp-test-admin";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeSlack fake;
    private Slack slack;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        SlackConfig config = new SlackConfig(); // never SlackConfig.DEFAULT: it is immutable
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false); // else the SDK adds a hidden auth.test per new token (see below)
        slack = Slack.getInstance(config);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        fake.close();
    }

    @Test
    void latencyDelaysEveryAnswerByAtLeastThatMuch() throws Exception {
        fake.latency(Duration.ofMillis(150));
        long start = System.nanoTime();
        AuthTestResponse r = slack.methods(BOT).authTest(q -> q);
        assertThat(r.isOk()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void apiUrlIsLoopbackWithTrailingSlash() {
        assertThat(fake.apiUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/");
        assertThat(fake.slackConfig().getMethodsEndpointUrlPrefix()).isEqualTo(fake.apiUrl());
    }

    @Test
    void sdkWithStatsOnCallsAuthTestFirstForEachNewToken() throws Exception {
        SlackConfig withStats = new SlackConfig();
        withStats.setMethodsEndpointUrlPrefix(fake.apiUrl());
        // the SDK's cache is JVM-wide, so use a token no other test uses; 16+ chars, see FakeSlack#slackConfig
        String token = "xoxb-test-stats-" + System.identityHashCode(this);
        try (Slack sdk = Slack.getInstance(withStats)) {
            sdk.methods(token).usersInfo(r -> r.user("W1"));
        }
        assertThat(fake.calls()).extracting(RecordedCall::method).containsExactly("auth.test", "users.info");
    }

    @Test
    void authTestWithBotToken() throws Exception {
        AuthTestResponse r = slack.methods(BOT).authTest(req -> req);

        assertThat(r.isOk()).isTrue();
        assertThat(r.getTeamId()).isEqualTo("T0000TEAM1");
        assertThat(r.getUserId()).isEqualTo("U0000BOT1");
        assertThat(r.getBotId()).isEqualTo("B0000BOT1");
        assertThat(r.getEnterpriseId()).isEqualTo("E0000ORG1");
        assertThat(r.isEnterpriseInstall()).isFalse();
        assertThat(r.getHttpResponseHeaders().get("x-oauth-scopes"))
                .containsExactly(DefaultResponders.BOT_SCOPES);
        RecordedCall call = fake.awaitCall("auth.test", WAIT);
        assertThat(call.token()).isEqualTo(BOT);
    }

    @Test
    void authTestWithOrgUserTokenAndWithBadToken() throws Exception {
        fake.enterpriseId("E0000ORG2");
        AuthTestResponse user = slack.methods(ADMIN).authTest(req -> req);
        assertThat(user.getUserId()).isEqualTo("W0000INSTALLER");
        assertThat(user.getEnterpriseId()).isEqualTo("E0000ORG2");
        assertThat(user.getTeamId()).isEqualTo("E0000ORG2");
        assertThat(user.isEnterpriseInstall()).isTrue();
        assertThat(user.getHttpResponseHeaders().get("x-oauth-scopes"))
                .containsExactly("admin.users:read,admin.users:write");

        AuthTestResponse bad = slack.methods("not-a-token").authTest(req -> req);
        assertThat(bad.isOk()).isFalse();
        assertThat(bad.getError()).isEqualTo("invalid_auth");
    }

    @Test
    void usersInfoParsesOrgRolesThroughTypedUser() throws Exception {
        fake.user(FakeUser.member("W0000ALICE").name("alice").orgAdmin())
                .user(FakeUser.member("W0000BOB").name("bob").workspaceAdminOnly())
                .user(FakeUser.member("W0000EVE").name("eve").orgOwner().fromOtherOrg("E999").teams("T9", "T8"));

        User alice = slack.methods(BOT).usersInfo(r -> r.user("W0000ALICE")).getUser();
        assertThat(alice.getName()).isEqualTo("alice");
        assertThat(alice.getEnterpriseUser().isAdmin()).isTrue();
        assertThat(alice.getEnterpriseUser().isOwner()).isFalse();
        assertThat(alice.getEnterpriseUser().getEnterpriseId()).isEqualTo("E0000ORG1");

        User bob = slack.methods(BOT).usersInfo(r -> r.user("W0000BOB")).getUser();
        assertThat(bob.isAdmin()).isTrue();
        assertThat(bob.getEnterpriseUser().isAdmin()).isFalse();

        User eve = slack.methods(BOT).usersInfo(r -> r.user("W0000EVE")).getUser();
        assertThat(eve.getEnterpriseUser().getEnterpriseId()).isEqualTo("E999");
        assertThat(eve.getEnterpriseUser().isOwner()).isTrue();
        assertThat(eve.getEnterpriseUser().getTeams()).containsExactly("T9", "T8");
        assertThat(eve.getTeamId()).isEqualTo("T9");

        UsersInfoResponse missing = slack.methods(BOT).usersInfo(r -> r.user("W0000NOBODY"));
        assertThat(missing.getError()).isEqualTo("user_not_found");
        assertThat(fake.calls("users.info")).extracting(c -> c.param("user"))
                .containsExactly("W0000ALICE", "W0000BOB", "W0000EVE", "W0000NOBODY");
    }

    @Test
    void usergroupsUsersList() throws Exception {
        fake.userGroup("S0000ADMINS", "W1", "W2");
        assertThat(slack.methods(BOT).usergroupsUsersList(r -> r.usergroup("S0000ADMINS")).getUsers())
                .containsExactly("W1", "W2");
        assertThat(slack.methods(BOT).usergroupsUsersList(r -> r.usergroup("S0000NONE")).getError())
                .isEqualTo("no_such_subteam");
    }

    @Test
    void viewsOpenEchoesTheViewAndRecordsIt() throws Exception {
        View modal = view(v -> v.type("modal").callbackId("reset-confirm").privateMetadata("{\"target\":\"W1\"}")
                .title(viewTitle(t -> t.type("plain_text").text("Sign out")))
                .blocks(asBlocks(section(s -> s.blockId("b1").text(markdownText("Sign out *W1*?"))))));

        ViewsOpenResponse first = slack.methods(BOT).viewsOpen(r -> r.triggerId("trig-1").view(modal));
        ViewsOpenResponse second = slack.methods(BOT).viewsOpen(r -> r.triggerId("trig-2").view(modal));

        assertThat(first.isOk()).isTrue();
        assertThat(first.getView().getId()).isEqualTo("V0000000001");
        assertThat(second.getView().getId()).isEqualTo("V0000000002");
        assertThat(first.getView().getCallbackId()).isEqualTo("reset-confirm");
        assertThat(first.getView().getHash()).isNotBlank();
        RecordedCall call = fake.awaitCall("views.open", c -> "trig-1".equals(c.param("trigger_id")), WAIT);
        JsonObject view = call.jsonParam("view");
        assertThat(view.get("callback_id").getAsString()).isEqualTo("reset-confirm");
        assertThat(view.getAsJsonArray("blocks").get(0).getAsJsonObject().get("block_id").getAsString())
                .isEqualTo("b1");
        assertThat(call.token()).isEqualTo(BOT);

        String updated = slack.methods(BOT).viewsUpdate(r -> r.viewId("V0000000001").view(modal))
                .getView().getId();
        assertThat(updated).isEqualTo("V0000000001");
    }

    @Test
    void chatPostMessageRecordsBlocksAndGivesIncreasingTs() throws Exception {
        ChatPostMessageResponse a = slack.methods(BOT).chatPostMessage(r -> r.channel("C0000AUDIT").text("one")
                .blocks(asBlocks(section(s -> s.text(plainText("one"))))));
        ChatPostMessageResponse b = slack.methods(BOT).chatPostMessage(r -> r.channel("W0000ALICE").text("two"));

        assertThat(a.getChannel()).isEqualTo("C0000AUDIT");
        assertThat(a.getMessage().getText()).isEqualTo("one");
        assertThat(b.getChannel()).startsWith("D");
        assertThat(Double.parseDouble(b.getTs())).isGreaterThan(Double.parseDouble(a.getTs()));
        assertThat(fake.calls("chat.postMessage").get(0).jsonArrayParam("blocks")).hasSize(1);
    }

    @Test
    void rateLimitedThenOkInSequenceThenDefaultAgain() throws Exception {
        fake.respondInSequence("admin.users.session.reset", ratelimited(1), ok());

        assertThatThrownBy(() -> slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId("W1")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
                    assertThat(e.getError().getError()).isEqualTo("ratelimited");
                });
        AdminUsersSessionResetResponse second = slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId("W1"));
        AdminUsersSessionResetResponse third = slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId("W1"));

        assertThat(second.isOk()).isTrue();
        assertThat(third.isOk()).isTrue();
        List<RecordedCall> calls = fake.awaitCalls("admin.users.session.reset", 3, WAIT);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.param("user_id")).isEqualTo("W1");
            assertThat(c.param("mobile_only")).isEqualTo("0"); // the SDK sends booleans as 0/1
        });
    }

    @Test
    void adminMethodsNeedAUserToken() throws Exception {
        assertThat(slack.methods(BOT).adminUsersSessionReset(r -> r.userId("W1")).getError())
                .isEqualTo("not_allowed_token_type");
    }

    @Test
    void rawFormCallForInvalidateWithUserIdAndLongSessionId() throws Exception {
        AdminUsersSessionInvalidateResponse r = slack.methods(ADMIN).postFormWithTokenAndParseResponse(
                form -> form.add("user_id", "W0000ALICE").add("session_id", "12345678901234"),
                "admin.users.session.invalidate", ADMIN, AdminUsersSessionInvalidateResponse.class);

        assertThat(r.isOk()).isTrue();
        RecordedCall call = fake.awaitCall("admin.users.session.invalidate", WAIT);
        assertThat(call.token()).isEqualTo(ADMIN);
        assertThat(call.param("user_id")).isEqualTo("W0000ALICE");
        assertThat(call.param("session_id")).isEqualTo("12345678901234");
        assertThat(call.json()).isNull();
    }

    @Test
    void invalidateWithoutUserIdIsRefusedLikeSlacksCurrentDocsSay() throws Exception {
        assertThat(slack.methods(ADMIN).adminUsersSessionInvalidate(r -> r.sessionId("12345").teamId("T1")).getError())
                .isEqualTo("invalid_arguments");
    }

    @Test
    void setSettingsChecksItsBounds() throws Exception {
        List<String> many = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "W" + i).toList();

        assertThat(slack.methods(ADMIN).adminUsersSessionSetSettings(r -> r.userIds(List.of("W1")).duration(28_799))
                .getError()).isEqualTo("invalid_duration");
        assertThat(slack.methods(ADMIN).adminUsersSessionSetSettings(r -> r.userIds(List.of("W1")).duration(315_569_521))
                .getError()).isEqualTo("invalid_duration");
        assertThat(slack.methods(ADMIN).adminUsersSessionSetSettings(r -> r.userIds(many).duration(28_800)).getError())
                .isEqualTo("too_many_users");
        assertThat(slack.methods(ADMIN).adminUsersSessionSetSettings(r -> r.userIds(List.of("W1")).duration(315_569_520))
                .isOk()).isTrue();
    }

    @Test
    void getSettingsReportsNoSettingsForTheRequestedUsers() throws Exception {
        AdminUsersSessionGetSettingsResponse r = slack.methods(ADMIN)
                .adminUsersSessionGetSettings(req -> req.userIds(List.of("W1", "W2")));
        assertThat(r.getSessionSettings()).isEmpty();
        assertThat(r.getNoSettingsApplied()).containsExactly("W1", "W2");
        assertThat(slack.methods(ADMIN).adminUsersSessionList(req -> req).getError()).isEqualTo("no_active_sessions");
    }

    @Test
    void jsonBodyAndTokenFieldAreRecorded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"channel\":\"C1\",\"text\":\"hi\",\"blocks\":[{\"type\":\"divider\"}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.apiUrl() + "chat.postMessage"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + BOT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JsonParser.parseString(r.body()).getAsJsonObject().get("ok").getAsBoolean()).isTrue();

        http.send(HttpRequest.newBuilder(URI.create(fake.apiUrl() + "auth.test"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + ADMIN)).build(), HttpResponse.BodyHandlers.ofString());

        RecordedCall json = fake.awaitCall("chat.postMessage", WAIT);
        assertThat(json.token()).isEqualTo(BOT);
        assertThat(json.param("text")).isEqualTo("hi");
        assertThat(json.jsonArrayParam("blocks").get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("divider");
        assertThat(json.rawBody()).isEqualTo(body);
        assertThat(fake.awaitCall("auth.test", WAIT).token()).isEqualTo(ADMIN);
    }

    @Test
    void customResponderAndUnknownMethod() throws Exception {
        fake.respond("users.info", c -> FakeResponse.error("fatal_error"));
        assertThat(slack.methods(BOT).usersInfo(r -> r.user("W1")).getError()).isEqualTo("fatal_error");
        fake.respond("users.info", null);
        assertThat(slack.methods(BOT).usersInfo(r -> r.user("W1")).getError()).isEqualTo("user_not_found");

        fake.respond("conversations.info", c -> FakeResponse.httpStatus(503, "upstream unavailable"));
        assertThatThrownBy(() -> slack.methods(BOT).conversationsInfo(r -> r.channel("C1")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> assertThat(e.getResponse().code()).isEqualTo(503));

        assertThat(slack.methods(BOT).emojiList(r -> r).getError()).isEqualTo("unknown_method");
    }

    @Test
    void awaitCallSeesAFutureCallAndBlockedRespondersAreReleased() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fake.respond("users.info", c -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeResponse.error("user_not_found");
        });
        CompletableFuture<UsersInfoResponse> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return slack.methods(BOT).usersInfo(r -> r.user("W0000SLOW"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        RecordedCall call = fake.awaitCall("users.info", c -> "W0000SLOW".equals(c.param("user")), WAIT);
        assertThat(pending).isNotDone();
        release.countDown();
        assertThat(pending.get(5, TimeUnit.SECONDS).getError()).isEqualTo("user_not_found");
        assertThat(call.at()).isNotNull();
    }

    @Test
    void awaitCallTimesOutListingWhatWasSeen() throws Exception {
        slack.methods(BOT).authTest(r -> r);
        assertThatThrownBy(() -> fake.awaitCall("views.open", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("views.open")
                .hasMessageContaining("auth.test=1");
    }

    @Test
    void resetForgetsCallsAndSequences() throws Exception {
        fake.respondInSequence("auth.test", FakeResponse.error("token_revoked"));
        slack.methods(BOT).usersInfo(r -> r.user("W1"));
        fake.reset();

        assertThat(fake.calls()).isEmpty();
        assertThat(slack.methods(BOT).authTest(r -> r).isOk()).isTrue();
        assertThat(fake.calls()).extracting(RecordedCall::method).containsExactly("auth.test");
    }

    @Test
    void theSdksFilesUploadV2LandsItsBytesInTheFakeWithTheThreadAndComment() throws Exception {
        String csv = "user_id,outcome\nW0000ALICE,signed out\nW0000BOB,\"refused, primary owner\"\n";

        var r = slack.methods(BOT).filesUploadV2(q -> q.channel("C0000AUDIT").threadTs("1700000000.000100")
                .initialComment("Job finished").fileData(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .filename("job-7.csv").title("Job 7: who was signed out"));

        assertThat(r.isOk()).isTrue();
        assertThat(r.getFile().getId()).startsWith("F");
        assertThat(fake.uploads()).singleElement().isEqualTo(new FakeUpload(r.getFile().getId(), "job-7.csv",
                "Job 7: who was signed out", csv, "C0000AUDIT", "1700000000.000100", "Job finished"));
        assertThat(fake.calls()).extracting(RecordedCall::method)
                .containsExactly("files.getUploadURLExternal", "files.completeUploadExternal");
        assertThat(fake.calls()).extracting(RecordedCall::token).containsOnly(BOT);
    }

    @Test
    void aLimitedMethodAnswers429WithRetryAfterBeyondItsCallsAndCountsIt() throws Exception {
        fake.limit("admin.users.session.resetBulk", 2, Duration.ofSeconds(30));

        assertThat(slack.methods(ADMIN).adminUsersSessionResetBulk(r -> r.userIds(List.of("W1"))).isOk()).isTrue();
        assertThat(slack.methods(ADMIN).adminUsersSessionResetBulk(r -> r.userIds(List.of("W2"))).isOk()).isTrue();
        assertThatThrownBy(() -> slack.methods(ADMIN).adminUsersSessionResetBulk(r -> r.userIds(List.of("W3"))))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(Integer.parseInt(e.getResponse().header("Retry-After"))).isBetween(1, 30);
                    assertThat(e.getError().getError()).isEqualTo("ratelimited");
                });

        assertThat(fake.rateLimited("admin.users.session.resetBulk")).isEqualTo(1);
        assertThat(fake.succeeded("admin.users.session.resetBulk")).hasSize(2);
        assertThat(fake.calls("admin.users.session.resetBulk")).as("refused calls are recorded too").hasSize(3);
        assertThat(slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId("W1")).isOk())
                .as("other methods are not limited").isTrue();
        assertThat(fake.rateLimited("admin.users.session.reset")).isZero();
    }

    @Test
    void aRateLimitFreesASlotAsTheOldestCallLeavesItsWindowAndRoundsRetryAfterUp() {
        AtomicLong nanos = new AtomicLong();
        FakeRateLimit limit = new FakeRateLimit(2, Duration.ofSeconds(10), nanos::get);
        LongFunction<FakeResponse> at = millis -> {
            nanos.set(TimeUnit.MILLISECONDS.toNanos(millis));
            return limit.refusal();
        };

        assertThat(at.apply(0)).isNull();
        assertThat(at.apply(4_000)).isNull();
        assertThat(at.apply(4_500).headers()).containsEntry("Retry-After", "6"); // 5.5 s until the first leaves
        assertThat(at.apply(9_900).headers()).containsEntry("Retry-After", "1"); // 0.1 s, but never 0
        assertThat(at.apply(10_000)).as("the call at 0 s has left").isNull();
        FakeResponse third = at.apply(10_100);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("{\"ok\":false,\"error\":\"ratelimited\"}");
        assertThat(third.headers()).containsEntry("Retry-After", "4"); // the call at 4 s leaves at 14 s
        assertThat(at.apply(14_000)).isNull();
        assertThat(limit.refused()).isEqualTo(3);
    }
}
