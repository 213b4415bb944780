package dev.sessionguard.storage;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import dev.sessionguard.config.Secret;
import dev.sessionguard.oauth.InstallStore;
import dev.sessionguard.oauth.OrgInstallation;
import dev.sessionguard.oauth.StoredInstall;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Org-wide installs in the app's database, each token encrypted with a {@link TokenCipher}: Bolt ships only
 * file and S3 stores. Only org-wide installs are kept, one row per org, so any team of the org finds it.
 * Bolt's own methods ({@link #findBot} etc.) are for its authorization middleware; the app itself reads
 * {@link #latest()} and {@link #find(String)}.
 */
public final class JdbcInstallationService implements InstallStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcInstallationService.class);

    static final String BOT_TOKEN = "bot_token";
    static final String USER_TOKEN = "installer_user_token";
    private static final String COLUMNS = "enterprise_id, enterprise_name, app_id, installer_user_id, "
            + "installer_user_scope, installer_user_token, bot_id, bot_user_id, bot_scope, bot_token, installed_at";

    private final Jdbc jdbc;
    private final TokenCipher cipher;

    public JdbcInstallationService(Database db, TokenCipher cipher) {
        this.jdbc = new Jdbc(db);
        this.cipher = cipher;
    }

    // ------------------------------------------------------------------ the app's own use

    /**
     * Stores the org's install, replacing any earlier one of the same org. Installs of other orgs are kept.
     * Concurrent saves (on any instance) run one after the other.
     */
    public void save(OrgInstallation i) {
        jdbc.inTransaction(c -> {
            lock(c);
            replace(c, i);
            return null;
        });
    }

    /**
     * Stores the org's install, replacing any earlier one of the same org, unless another org's install is
     * stored: one deployment serves one org. The check and the replace are one step under the lock that every
     * change of the table takes, so two orgs installing at once can't both be stored.
     *
     * @return empty when stored; otherwise the org already installed, and nothing was changed
     */
    @Override
    public Optional<String> saveUnlessAnotherOrg(OrgInstallation i) {
        return jdbc.inTransaction(c -> {
            lock(c);
            try (PreparedStatement s = c.prepareStatement("SELECT enterprise_id FROM slack_installation "
                    + "WHERE enterprise_id <> ? ORDER BY installed_ms DESC, enterprise_id LIMIT 1")) {
                s.setString(1, i.enterpriseId());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(rs.getString(1));
                    }
                }
            }
            replace(c, i);
            return Optional.<String>empty();
        });
    }

    /** Within a transaction: waits for, then holds until commit, the lock every change of the table takes. */
    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE slack_installation_lock SET changes = changes + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
    }

    private void replace(Connection c, OrgInstallation i) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM slack_installation WHERE enterprise_id = ?")) {
            s.setString(1, i.enterpriseId());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO slack_installation (" + COLUMNS
                + ", installed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, i.enterpriseId());
            s.setString(2, i.enterpriseName());
            s.setString(3, i.appId());
            s.setString(4, i.installerUserId());
            s.setString(5, i.installerScope());
            s.setString(6, seal(i.adminToken(), i.enterpriseId(), USER_TOKEN));
            s.setString(7, i.botId());
            s.setString(8, i.botUserId());
            s.setString(9, i.botScope());
            s.setString(10, seal(i.botToken(), i.enterpriseId(), BOT_TOKEN));
            s.setString(11, i.installedAt().toString());
            s.setLong(12, i.installedAt().toEpochMilli());
            s.executeUpdate();
        }
    }

    /** The org's install as the revocation listeners need it; no token is opened. */
    @Override
    public Optional<StoredInstall> stored(String enterpriseId) {
        if (enterpriseId == null || enterpriseId.isBlank()) {
            return Optional.empty();
        }
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT enterprise_id, installer_user_id, bot_user_id, "
                    + "installed_at FROM slack_installation WHERE enterprise_id = ?")) {
                s.setString(1, enterpriseId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new StoredInstall(rs.getString(1), rs.getString(2), rs.getString(3),
                                    Instant.parse(rs.getString(4))))
                            : Optional.<StoredInstall>empty();
                }
            }
        });
    }

    /** @throws InstallStore.UndecryptableException when a stored token does not open with this key */
    @Override
    public Optional<OrgInstallation> find(String enterpriseId) {
        if (enterpriseId == null || enterpriseId.isBlank()) {
            return Optional.empty();
        }
        return query("SELECT " + COLUMNS + " FROM slack_installation WHERE enterprise_id = ?", enterpriseId);
    }

    /**
     * The most recent install. A deployment serves one org, so this is that org's install.
     *
     * @throws InstallStore.UndecryptableException when a stored token does not open with this key
     */
    @Override
    public Optional<OrgInstallation> latest() {
        return query("SELECT " + COLUMNS + " FROM slack_installation ORDER BY installed_ms DESC, enterprise_id "
                + "LIMIT 1", null);
    }

    /** The org of the most recent install, read without opening its tokens. */
    @Override
    public Optional<String> latestEnterpriseId() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT enterprise_id FROM slack_installation "
                    + "ORDER BY installed_ms DESC, enterprise_id LIMIT 1");
                    ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Forgets the installer's user token if {@code userId} is the installer; true when one was deleted. */
    public boolean deleteUserToken(String enterpriseId, String userId) {
        return deleteUserToken(enterpriseId, userId, null);
    }

    /**
     * Forgets the installer's user token if {@code userId} is the installer and the install was stored no later
     * than the second of {@code eventTime} (null: whenever); true when one was deleted.
     */
    @Override
    public boolean deleteUserToken(String enterpriseId, String userId, Instant eventTime) {
        return userId != null && clear(USER_TOKEN, "installer_user_id", enterpriseId, userId, eventTime);
    }

    /** Forgets the org's bot token; true when one was deleted. */
    public boolean deleteBotToken(String enterpriseId) {
        return clear(BOT_TOKEN, null, enterpriseId, null, null);
    }

    /**
     * Forgets the org's bot token if {@code botUserId} is its bot user and the install was stored no later than
     * the second of {@code eventTime} (null: whenever); true when one was deleted.
     */
    @Override
    public boolean deleteBotToken(String enterpriseId, String botUserId, Instant eventTime) {
        return botUserId != null && clear(BOT_TOKEN, "bot_user_id", enterpriseId, botUserId, eventTime);
    }

    /** Forgets the org's install altogether; true when there was one. */
    public boolean deleteInstallation(String enterpriseId) {
        return deleteInstallation(enterpriseId, null);
    }

    /**
     * Forgets the org's install altogether if it was stored no later than the second of {@code eventTime}
     * (null: whenever): an event sent before a reinstall must not delete the new install. True when one was deleted.
     */
    @Override
    public boolean deleteInstallation(String enterpriseId, Instant eventTime) {
        return jdbc.inTransaction(c -> {
            lock(c);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM slack_installation WHERE enterprise_id = ?"
                    + (eventTime == null ? "" : " AND installed_ms < ?"))) {
                s.setString(1, enterpriseId);
                if (eventTime != null) {
                    s.setLong(2, endOfSecond(eventTime));
                }
                return s.executeUpdate() > 0;
            }
        });
    }

    // ------------------------------------------------------------------ Bolt's InstallationService

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    /** Old installs are never kept: a token that is no longer used should not exist anywhere. */
    @Override
    public void setHistoricalDataEnabled(boolean isHistoricalDataEnabled) {
        if (isHistoricalDataEnabled) {
            throw new UnsupportedOperationException("Session Guard keeps no historical installations");
        }
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        if (!Boolean.TRUE.equals(installer.getIsEnterpriseInstall()) || installer.getEnterpriseId() == null) {
            throw new IllegalArgumentException("Only org-wide installs are stored");
        }
        String orgName = installer instanceof DefaultInstaller d ? d.getEnterpriseName() : null;
        save(new OrgInstallation(installer.getEnterpriseId(), orgName, installer.getAppId(),
                installer.getInstallerUserId(), installer.getInstallerUserScope(),
                secretOrNull(installer.getInstallerUserAccessToken()), installer.getBotId(), installer.getBotUserId(),
                installer.getBotScope(), secretOrNull(installer.getBotAccessToken()),
                installer.getInstalledAt() == null ? Instant.now() : Instant.ofEpochMilli(installer.getInstalledAt())));
    }

    @Override
    public void deleteBot(Bot bot) {
        deleteBotToken(bot.getEnterpriseId());
    }

    @Override
    public void deleteInstaller(Installer installer) {
        deleteUserToken(installer.getEnterpriseId(), installer.getInstallerUserId());
    }

    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        deleteInstallation(enterpriseId);
    }

    /** The org-wide install of the request's org, whichever of its teams the request came from. */
    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        Optional<OrgInstallation> found = findForBolt(enterpriseId);
        if (found.isEmpty() || found.get().botToken() == null) {
            return null;
        }
        OrgInstallation i = found.get();
        DefaultBot bot = new DefaultBot();
        bot.setAppId(i.appId());
        bot.setEnterpriseId(i.enterpriseId());
        bot.setEnterpriseName(i.enterpriseName());
        bot.setIsEnterpriseInstall(true);
        bot.setTokenType("bot");
        bot.setBotId(i.botId());
        bot.setBotUserId(i.botUserId());
        bot.setScope(i.botScope());
        bot.setBotAccessToken(i.botToken().reveal());
        bot.setInstalledAt(i.installedAt().toEpochMilli());
        return bot;
    }

    /** Only the installer has a user token here; anyone else gets null. */
    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        Optional<OrgInstallation> found = findForBolt(enterpriseId);
        if (found.isEmpty() || found.get().adminToken() == null
                || (userId != null && !userId.equals(found.get().installerUserId()))) {
            return null;
        }
        OrgInstallation i = found.get();
        return DefaultInstaller.builder()
                .appId(i.appId())
                .enterpriseId(i.enterpriseId())
                .enterpriseName(i.enterpriseName())
                .isEnterpriseInstall(true)
                .tokenType("bot")
                .installerUserId(i.installerUserId())
                .installerUserScope(i.installerScope())
                .installerUserAccessToken(i.adminToken().reveal())
                .botId(i.botId())
                .botUserId(i.botUserId())
                .botScope(i.botScope())
                .botAccessToken(i.botToken() == null ? null : i.botToken().reveal())
                .installedAt(i.installedAt().toEpochMilli())
                .build();
    }

    // ------------------------------------------------------------------ plumbing

    /** For Bolt's middleware: an install this key cannot open counts as none, and the log says why. */
    private Optional<OrgInstallation> findForBolt(String enterpriseId) {
        try {
            return find(enterpriseId);
        } catch (InstallStore.UndecryptableException e) {
            log.error("{} Install the app again at /slack/install to store new tokens.", e.getMessage());
            return Optional.empty();
        }
    }

    private boolean clear(String column, String idColumn, String enterpriseId, String id, Instant eventTime) {
        return jdbc.inTransaction(c -> {
            lock(c);
            boolean cleared;
            try (PreparedStatement s = c.prepareStatement("UPDATE slack_installation SET " + column + " = NULL "
                    + "WHERE enterprise_id = ? AND " + column + " IS NOT NULL"
                    + (idColumn == null ? "" : " AND " + idColumn + " = ?")
                    + (eventTime == null ? "" : " AND installed_ms < ?"))) {
                int p = 1;
                s.setString(p++, enterpriseId);
                if (idColumn != null) {
                    s.setString(p++, id);
                }
                if (eventTime != null) {
                    s.setLong(p, endOfSecond(eventTime));
                }
                cleared = s.executeUpdate() > 0;
            }
            deleteIfNoTokenLeft(c, enterpriseId);
            return cleared;
        });
    }

    /**
     * Slack's event times are whole seconds: an install stored during the event's second (or before) is one
     * the event may be about.
     */
    private static long endOfSecond(Instant eventTime) {
        return (eventTime.getEpochSecond() + 1) * 1000;
    }

    private static void deleteIfNoTokenLeft(Connection c, String enterpriseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM slack_installation WHERE enterprise_id = ? "
                + "AND bot_token IS NULL AND installer_user_token IS NULL")) {
            s.setString(1, enterpriseId);
            s.executeUpdate();
        }
    }

    private Optional<OrgInstallation> query(String sql, String enterpriseId) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (enterpriseId != null) {
                    s.setString(1, enterpriseId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(installation(rs)) : Optional.<OrgInstallation>empty();
                }
            }
        });
    }

    private OrgInstallation installation(ResultSet rs) throws SQLException {
        String org = rs.getString("enterprise_id");
        return new OrgInstallation(org, rs.getString("enterprise_name"), rs.getString("app_id"),
                rs.getString("installer_user_id"), rs.getString("installer_user_scope"),
                open(rs.getString(USER_TOKEN), org, USER_TOKEN), rs.getString("bot_id"), rs.getString("bot_user_id"),
                rs.getString("bot_scope"), open(rs.getString(BOT_TOKEN), org, BOT_TOKEN),
                Instant.parse(rs.getString("installed_at")));
    }

    private String seal(Secret token, String enterpriseId, String column) {
        return token == null ? null : cipher.encrypt(token, enterpriseId + "/" + column);
    }

    /** @throws InstallStore.UndecryptableException (the store's word for it; the cipher's own stays in storage) */
    private Secret open(String stored, String enterpriseId, String column) {
        if (stored == null) {
            return null;
        }
        try {
            return cipher.decrypt(stored, enterpriseId + "/" + column);
        } catch (TokenCipher.UndecryptableException e) {
            throw new InstallStore.UndecryptableException(e.getMessage());
        }
    }

    private static Secret secretOrNull(String value) {
        return value == null ? null : new Secret(value);
    }
}
