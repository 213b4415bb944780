package dev.sessionguard.storage;

import com.slack.api.bolt.service.OAuthStateService;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * The OAuth flow's {@code state} values in the app's database, so that the instance that finishes a flow
 * need not be the one that started it. Bolt checks a returning state twice: it must equal the state in the
 * browser's cookie (set at {@code /slack/install}), and it must be here, unexpired; it is deleted once used,
 * and only the request whose delete removed it may finish the install.
 */
public final class JdbcOAuthStateService implements OAuthStateService {

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcOAuthStateService(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    @Override
    public void addNewStateToDatastore(String state) {
        long now = clock.millis();
        jdbc.inTransaction(c -> {
            // Flows that were started and never finished leave their state behind; sweep them here.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM oauth_state WHERE expires_ms <= ?")) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO oauth_state (state, expires_ms) VALUES (?, ?)")) {
                s.setString(1, state);
                s.setLong(2, now + getExpirationInSeconds() * 1000);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean isAvailableInDatabase(String state) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM oauth_state WHERE state = ? AND expires_ms > ?")) {
                s.setString(1, state);
                s.setLong(2, clock.millis());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Uses the state up. Bolt checks it first ({@link #isValid}), exchanges the code, then calls this: two
     * redirects with the same state can both pass the check, so only the one whose delete removes the row goes
     * on; the other fails here, before its install is stored.
     *
     * @throws StateAlreadyUsedException when the state is no longer there
     */
    @Override
    public void deleteStateFromDatastore(String state) {
        boolean deleted = jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM oauth_state WHERE state = ?")) {
                s.setString(1, state);
                return s.executeUpdate() > 0;
            }
        });
        if (!deleted) {
            throw new StateAlreadyUsedException();
        }
    }

    /** A state that another request used up between Bolt's check and its consume. */
    public static final class StateAlreadyUsedException extends IllegalStateException {

        public StateAlreadyUsedException() {
            super("The OAuth state was already used");
        }
    }
}
