package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /slack/install} stores a state row for anyone who asks, signed in or not: one address gets ten starts
 * a minute, and no start is stored while a thousand states are live. Refusals store nothing and say when to come
 * back.
 */
@Tag("slow")
class InstallStartFloodTest {

    FakeSlack slack;
    Map<String, String> env;
    TestApp app;
    OAuthFlow browser;
    Database db;

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        env = TestApp.oauthEnvironment(slack);
        app = TestApp.start(env);
        browser = new OAuthFlow(app.baseUrl());
        db = Database.open(new Secret(env.get(ServerSettings.DATABASE_URL)));
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        app.close();
        slack.close();
    }

    @Test
    void theEleventhStartInAMinuteFromOneAddressIsRefusedWith429AndStoresNothing() {
        for (int i = 1; i <= 10; i++) {
            assertThat(browser.get(OAuthPaths.INSTALL, null).statusCode()).as("start %d", i).isEqualTo(200);
        }

        HttpResponse<String> eleventh = browser.get(OAuthPaths.INSTALL, null);

        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(eleventh.body()).contains("Try again in a few minutes").contains("Nothing was stored")
                .doesNotContain("slack.com/oauth");
        assertThat(eleventh.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(stateRows()).isEqualTo(10);
    }

    @Test
    void whileAThousandStatesAreLiveAStartIsRefusedWith503AndStoresNothing() throws SQLException {
        liveStates(1_000);

        HttpResponse<String> refused = browser.get(OAuthPaths.INSTALL, null);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("Try again in a few minutes").doesNotContain("slack.com/oauth");
        assertThat(stateRows()).isEqualTo(1_000);
    }

    @Test
    void expiredStatesLeaveRoomForANewStart() throws SQLException {
        liveStates(1_000);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE oauth_state SET expires_ms = 1 WHERE state LIKE 'flood-1%'");
        }

        OAuthFlow.Started started = browser.start();

        assertThat(started.state()).isNotBlank();
        assertThat(stateRows()).isLessThan(1_000);
    }

    // ------------------------------------------------------------------ helpers

    /** Rows as if that many installs had been started in the last minutes. */
    private void liveStates(int n) throws SQLException {
        long expires = System.currentTimeMillis() + 9 * 60_000;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO oauth_state (state, expires_ms) VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                s.setString(1, "flood-" + i);
                s.setLong(2, expires);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }

    private int stateRows() {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM oauth_state")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
