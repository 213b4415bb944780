package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import dev.sessionguard.config.Secret;
import dev.sessionguard.oauth.InstallStates;
import dev.sessionguard.oauth.InstallStore;
import dev.sessionguard.oauth.OrgInstallation;
import dev.sessionguard.oauth.StoredInstall;
import dev.sessionguard.support.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the OAuth install and state stores must do, run on each real engine by a subclass. */
abstract class InstallationStoreContract {

    static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJEjQ=";
    static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String ORG = "E0000ORG1";
    static final String BOT_TOKEN = "xoxb-store-SECRET-bot";
    static final String ADMIN_TOKEN = "xoxp-store-SECRET-admin";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    Database db;
    JdbcInstallationService store;
    MutableClock clock = new MutableClock(T0);
    JdbcOAuthStateService states;

    /** A URL for a fresh, empty database. */
    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        store = new JdbcInstallationService(db, TokenCipher.fromBase64(new Secret(KEY)));
        states = new JdbcOAuthStateService(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static OrgInstallation install(String org, String installer, Instant at) {
        return new OrgInstallation(org, "Example Org", "A0000APP1", installer, "admin.users:read,admin.users:write",
                new Secret(ADMIN_TOKEN), "B0000BOT1", "U0000BOT1", "commands,chat:write", new Secret(BOT_TOKEN), at);
    }

    @Test
    void aSavedInstallComesBackWithEveryFieldAndItsTokens() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        OrgInstallation found = store.find(ORG).orElseThrow();

        assertThat(found).usingRecursiveComparison().ignoringFields("adminToken", "botToken")
                .isEqualTo(install(ORG, "W0000INSTALLER", T0));
        assertThat(found.adminToken().reveal()).isEqualTo(ADMIN_TOKEN);
        assertThat(found.botToken().reveal()).isEqualTo(BOT_TOKEN);
        assertThat(store.latest().map(OrgInstallation::enterpriseId)).hasValue(ORG);
        assertThat(store.latestEnterpriseId()).hasValue(ORG);
    }

    @Test
    void tokensAreStoredAsCiphertextOnly() throws SQLException {
        store.save(install(ORG, "W0000INSTALLER", T0));

        String row = rowAsText();
        assertThat(row).doesNotContain(BOT_TOKEN).doesNotContain(ADMIN_TOKEN).doesNotContain("xox")
                .contains("W0000INSTALLER");
    }

    @Test
    void boltFindsTheOrgInstallFromAnyTeamOfTheOrgAndNoOther() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        for (String team : new String[] {"T0000TEAM1", "T0000TEAM2", null}) {
            Bot bot = store.findBot(ORG, team);
            assertThat(bot).as("team %s", team).isNotNull();
            assertThat(bot.getBotAccessToken()).isEqualTo(BOT_TOKEN);
            assertThat(bot.getIsEnterpriseInstall()).isTrue();
            assertThat(bot.getBotUserId()).isEqualTo("U0000BOT1");
        }
        assertThat(store.findBot("E0000OTHER", "T0000TEAM1")).isNull();
        assertThat(store.findBot(null, "T0000TEAM1")).isNull();
    }

    @Test
    void onlyTheInstallerHasAnInstallerRecord() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        Installer installer = store.findInstaller(ORG, "T0000TEAM1", "W0000INSTALLER");

        assertThat(installer.getInstallerUserAccessToken()).isEqualTo(ADMIN_TOKEN);
        assertThat(store.findInstaller(ORG, "T0000TEAM1", "W0000SOMEONE")).isNull();
    }

    @Test
    void aReinstallReplacesTheOrgsInstall() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        store.save(new OrgInstallation(ORG, "Example Org", "A0000APP1", "W0000OWNER", "admin.users:read,admin.users:write",
                new Secret("xoxp-store-new"), "B0000BOT1", "U0000BOT1", "commands", new Secret("xoxb-store-new"),
                T0.plusSeconds(60)));

        OrgInstallation found = store.find(ORG).orElseThrow();
        assertThat(found.installerUserId()).isEqualTo("W0000OWNER");
        assertThat(found.adminToken().reveal()).isEqualTo("xoxp-store-new");
        assertThat(count("slack_installation")).isEqualTo(1);
    }

    @Test
    void latestIsTheMostRecentInstall() {
        store.save(install("E0000OLDER", "W0000INSTALLER", T0));
        store.save(install(ORG, "W0000INSTALLER", T0.plusSeconds(1)));

        assertThat(store.latest().map(OrgInstallation::enterpriseId)).hasValue(ORG);
    }

    @Test
    void revokingTheInstallersTokenKeepsTheBotsAndOnlyTheInstallerCounts() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        assertThat(store.deleteUserToken(ORG, "W0000SOMEONE")).isFalse();
        assertThat(store.deleteUserToken(ORG, "W0000INSTALLER")).isTrue();
        assertThat(store.deleteUserToken(ORG, "W0000INSTALLER")).isFalse();

        OrgInstallation found = store.find(ORG).orElseThrow();
        assertThat(found.adminToken()).isNull();
        assertThat(found.botToken().reveal()).isEqualTo(BOT_TOKEN);
        assertThat(store.findInstaller(ORG, null, "W0000INSTALLER")).isNull();
        assertThat(store.findBot(ORG, null)).isNotNull();
    }

    @Test
    void revokingBothTokensRemovesTheInstall() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        assertThat(store.deleteBotToken(ORG)).isTrue();
        assertThat(store.find(ORG)).isPresent();
        assertThat(store.findBot(ORG, null)).isNull();
        assertThat(store.deleteUserToken(ORG, "W0000INSTALLER")).isTrue();

        assertThat(store.find(ORG)).isEmpty();
        assertThat(count("slack_installation")).isZero();
    }

    @Test
    void deleteAllRemovesOnlyThatOrgsInstall() {
        store.save(install(ORG, "W0000INSTALLER", T0));
        store.save(install("E0000OTHER", "W0000INSTALLER", T0));

        store.deleteAll(ORG, null);

        assertThat(store.find(ORG)).isEmpty();
        assertThat(store.find("E0000OTHER")).isPresent();
        assertThat(store.deleteInstallation(ORG)).isFalse();
    }

    @Test
    void anotherKeyCannotOpenTheTokensAndBoltSeesNoInstall() {
        store.save(install(ORG, "W0000INSTALLER", T0));
        JdbcInstallationService otherKey = new JdbcInstallationService(db,
                TokenCipher.fromBase64(new Secret(OTHER_KEY)));

        assertThatThrownBy(() -> otherKey.find(ORG)).isInstanceOf(InstallStore.UndecryptableException.class)
                .hasMessageContaining("SESSION_GUARD_ENCRYPTION_KEY").hasMessageNotContaining("xox");
        assertThat(otherKey.findBot(ORG, null)).isNull();
        assertThat(otherKey.latestEnterpriseId()).hasValue(ORG);
    }

    @Test
    void aTokenCopiedIntoTheOtherColumnDoesNotOpen() throws SQLException {
        store.save(install(ORG, "W0000INSTALLER", T0));

        sql("UPDATE slack_installation SET installer_user_token = bot_token");

        assertThatThrownBy(() -> store.find(ORG)).isInstanceOf(InstallStore.UndecryptableException.class);
    }

    @Test
    void historicalInstallsCannotBeTurnedOn() {
        assertThat(store.isHistoricalDataEnabled()).isFalse();
        store.setHistoricalDataEnabled(false);
        assertThatThrownBy(() -> store.setHistoricalDataEnabled(true)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void boltsOwnSaveKeepsOnlyOrgWideInstalls() {
        Installer workspace = com.slack.api.bolt.model.builtin.DefaultInstaller.builder().enterpriseId(ORG)
                .teamId("T0000TEAM1").isEnterpriseInstall(false).botAccessToken(BOT_TOKEN).build();

        assertThatThrownBy(() -> store.saveInstallerAndBot(workspace)).isInstanceOf(IllegalArgumentException.class);
        assertThat(count("slack_installation")).isZero();
    }

    @Test
    void concurrentSavesOfTheSameOrgAllSucceedAndLeaveOneRow() throws Exception {
        store.save(install(ORG, "W0000INSTALLER", T0));
        int threads = 12;
        int each = 8;

        List<Throwable> failures = race(threads, n -> {
            for (int k = 0; k < each; k++) {
                store.save(install(ORG, "W0000INSTALLER", T0.plusSeconds(n * each + k)));
            }
        });

        assertThat(failures).isEmpty();
        assertThat(count("slack_installation")).isEqualTo(1);
        assertThat(store.find(ORG).orElseThrow().botToken().reveal()).isEqualTo(BOT_TOKEN);
    }

    @Test
    void saveUnlessAnotherOrgReplacesTheSameOrgAndRefusesAnother() {
        assertThat(store.saveUnlessAnotherOrg(install(ORG, "W0000INSTALLER", T0))).isEmpty();
        assertThat(store.saveUnlessAnotherOrg(install(ORG, "W0000OWNER", T0.plusSeconds(1)))).isEmpty();

        assertThat(store.saveUnlessAnotherOrg(install("E0000OTHER", "W0000INSTALLER", T0.plusSeconds(2))))
                .hasValue(ORG);

        assertThat(count("slack_installation")).isEqualTo(1);
        assertThat(store.find(ORG).orElseThrow().installerUserId()).isEqualTo("W0000OWNER");
        assertThat(store.find("E0000OTHER")).isEmpty();
    }

    @Test
    void twoOrgsInstallingAtOnceLeaveExactlyOneStored() throws Exception {
        for (int round = 0; round < 15; round++) {
            sql("DELETE FROM slack_installation");
            Map<String, Optional<String>> outcomes = new ConcurrentHashMap<>();
            List<String> orgs = List.of("E0000ORGA", "E0000ORGB", "E0000ORGC", "E0000ORGD");

            List<Throwable> failures = race(orgs.size(), n -> outcomes.put(orgs.get(n),
                    store.saveUnlessAnotherOrg(install(orgs.get(n), "W0000INSTALLER", T0))));

            assertThat(failures).as("round %d", round).isEmpty();
            assertThat(count("slack_installation")).as("round %d", round).isEqualTo(1);
            String winner = store.latestEnterpriseId().orElseThrow();
            assertThat(outcomes.get(winner)).as("round %d", round).isEmpty();
            for (String o : orgs) {
                if (!o.equals(winner)) {
                    assertThat(outcomes.get(o)).as("round %d, %s", round, o).hasValue(winner);
                }
            }
        }
    }

    @Test
    void storedIsReadWithoutOpeningATokenEvenUnderAnotherKey() {
        store.save(install(ORG, "W0000INSTALLER", T0));
        JdbcInstallationService otherKey = new JdbcInstallationService(db,
                TokenCipher.fromBase64(new Secret(OTHER_KEY)));

        StoredInstall stored = otherKey.stored(ORG).orElseThrow();

        assertThat(stored).isEqualTo(new StoredInstall(ORG, "W0000INSTALLER", "U0000BOT1", T0));
        assertThat(store.stored("E0000OTHER")).isEmpty();
        assertThat(store.stored(null)).isEmpty();
    }

    @Test
    void anEventOlderThanTheInstallDeletesNothingAndOneFromItsSecondOrLaterDoes() {
        Instant installed = T0.plusMillis(700);
        store.save(install(ORG, "W0000INSTALLER", installed));
        Instant before = T0.minusSeconds(1);

        assertThat(store.deleteInstallation(ORG, before)).isFalse();
        assertThat(store.deleteUserToken(ORG, "W0000INSTALLER", before)).isFalse();
        assertThat(store.deleteBotToken(ORG, "U0000BOT1", before)).isFalse();
        assertThat(store.find(ORG).orElseThrow().botToken()).isNotNull();

        // Slack's event_time is whole seconds: T0 is the install's own second.
        assertThat(store.deleteUserToken(ORG, "W0000INSTALLER", T0)).isTrue();
        assertThat(store.deleteInstallation(ORG, T0.plusSeconds(5))).isTrue();
        assertThat(count("slack_installation")).isZero();
    }

    @Test
    void theBotTokenIsDeletedOnlyForTheStoredBotUser() {
        store.save(install(ORG, "W0000INSTALLER", T0));

        assertThat(store.deleteBotToken(ORG, "U0000OTHERBOT", T0)).isFalse();
        assertThat(store.deleteBotToken(ORG, null, T0)).isFalse();
        assertThat(store.deleteUserToken(ORG, null, T0)).isFalse();
        assertThat(store.find(ORG).orElseThrow().botToken().reveal()).isEqualTo(BOT_TOKEN);

        assertThat(store.deleteBotToken(ORG, "U0000BOT1", T0)).isTrue();
        assertThat(store.find(ORG).orElseThrow().botToken()).isNull();
    }

    // ------------------------------------------------------------------ OAuth state

    @Test
    void anIssuedStateIsValidUntilItIsUsedOrExpires() {
        states.addNewStateToDatastore("state-1");
        states.addNewStateToDatastore("state-2");

        assertThat(states.isAvailableInDatabase("state-1")).isTrue();
        assertThat(states.isAvailableInDatabase("never-issued")).isFalse();
        states.deleteStateFromDatastore("state-1");
        assertThat(states.isAvailableInDatabase("state-1")).isFalse();

        clock.advance(Duration.ofMinutes(10));
        assertThat(states.isAvailableInDatabase("state-2")).isFalse();
    }

    @Test
    void expiredStatesAreSweptWhenANewOneIsIssued() {
        states.addNewStateToDatastore("old");
        clock.advance(Duration.ofMinutes(11));

        states.addNewStateToDatastore("new");

        assertThat(count("oauth_state")).isEqualTo(1);
        assertThat(states.isAvailableInDatabase("new")).isTrue();
    }

    @Test
    void aStateIsUsedUpOnceAndASecondConsumeFails() {
        states.addNewStateToDatastore("state-once");

        states.deleteStateFromDatastore("state-once");

        assertThatThrownBy(() -> states.deleteStateFromDatastore("state-once"))
                .isInstanceOf(InstallStates.StateAlreadyUsedException.class);
        assertThatThrownBy(() -> states.deleteStateFromDatastore("never-issued"))
                .isInstanceOf(InstallStates.StateAlreadyUsedException.class);
    }

    @Test
    void whenSeveralConsumeOneStateAtOnceExactlyOneSucceeds() throws Exception {
        for (int round = 0; round < 10; round++) {
            String state = "state-race-" + round;
            states.addNewStateToDatastore(state);

            List<Throwable> failures = race(6, n -> states.deleteStateFromDatastore(state));

            assertThat(failures).as("round %d", round).hasSize(5)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(InstallStates.StateAlreadyUsedException.class));
        }
    }

    @Test
    void pastTheCapNoStateIsStoredUntilOneIsUsedOrExpires() {
        JdbcOAuthStateService capped = new JdbcOAuthStateService(db, clock, 3);
        capped.addNewStateToDatastore("state-1");
        clock.advance(Duration.ofMinutes(5));
        capped.addNewStateToDatastore("state-2");
        capped.addNewStateToDatastore("state-3");

        assertThat(capped.hasRoom()).isFalse();
        assertThatThrownBy(() -> capped.addNewStateToDatastore("state-4"))
                .isInstanceOf(InstallStates.TooManyStatesException.class);
        assertThat(count("oauth_state")).isEqualTo(3);
        assertThat(capped.isAvailableInDatabase("state-4")).isFalse();

        capped.deleteStateFromDatastore("state-2");
        assertThat(capped.hasRoom()).isTrue();
        capped.addNewStateToDatastore("state-4");
        assertThat(capped.hasRoom()).isFalse();

        clock.advance(Duration.ofMinutes(5));
        assertThat(capped.hasRoom()).as("state-1 expired").isTrue();
        capped.addNewStateToDatastore("state-5");
        assertThat(capped.isAvailableInDatabase("state-5")).isTrue();
        assertThat(count("oauth_state")).isEqualTo(3);
    }

    // ------------------------------------------------------------------ helpers

    private String rowAsText() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM slack_installation")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.append(rs.getString(i)).append('|');
                }
            }
            return out.toString();
        }
    }

    private int count(String table) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    interface Work {
        void run(int n) throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads released together; what each one threw. */
    private static List<Throwable> race(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    work.run(n);
                    return null;
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> f : done) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
