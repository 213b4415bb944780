package dev.sessionguard.storage;

import dev.sessionguard.oauth.InstallStates;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * The OAuth flow's {@code state} values in the app's database, so that the instance that finishes a flow
 * need not be the one that started it. Bolt checks a returning state twice: it must equal the state in the
 * browser's cookie (set at {@code /slack/install}), and it must be here, unexpired; it is deleted once used,
 * and only the request whose delete removed it may finish the install.
 *
 * <p>Anyone can start an install without signing in, so the live states are capped: past the cap no state is
 * stored until older ones are used or expire.
 */
public final class JdbcOAuthStateService implements InstallStates {

    /**
     * Live states at most. A deployment serves one org, installed by a handful of people: even a busy day is a
     * few dozen starts, each living 10 minutes ({@link #getExpirationInSeconds}). 1,000 rows of ~100 bytes are
     * nothing to the database, and a flood that fills them locks out installs for at most those 10 minutes.
     */
    public static final int MAX_LIVE_STATES = 1_000;

    private final Jdbc jdbc;
    private final Clock clock;
    private final int maxLiveStates;

    public JdbcOAuthStateService(Database db, Clock clock) {
        this(db, clock, MAX_LIVE_STATES);
    }

    /** @param maxLiveStates the cap; tests use a small one */
    public JdbcOAuthStateService(Database db, Clock clock, int maxLiveStates) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
        this.maxLiveStates = maxLiveStates;
    }

    /**
     * Whether another state may be stored now; asked before an install start so a full table gets a "try again
     * later" page rather than Bolt's error. {@link #addNewStateToDatastore} enforces the cap itself.
     */
    @Override
    public boolean hasRoom() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM oauth_state WHERE expires_ms > ?")) {
                s.setLong(1, clock.millis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) < maxLiveStates;
                }
            }
        });
    }

    /** @throws InstallStates.TooManyStatesException when {@link #MAX_LIVE_STATES} are live; nothing is stored */
    @Override
    public void addNewStateToDatastore(String state) {
        long now = clock.millis();
        boolean stored = jdbc.inTransaction(c -> {
            // Flows that were started and never finished leave their state behind; sweep them here.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM oauth_state WHERE expires_ms <= ?")) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            // Counted in the insert itself, so two instances checking at once can't both go past the cap (give or
            // take the starts in flight at that instant).
            try (PreparedStatement s = c.prepareStatement("INSERT INTO oauth_state (state, expires_ms) "
                    + "SELECT ?, ? WHERE (SELECT COUNT(*) FROM oauth_state) < ?")) {
                s.setString(1, state);
                s.setLong(2, now + getExpirationInSeconds() * 1000);
                s.setInt(3, maxLiveStates);
                return s.executeUpdate() > 0;
            }
        });
        if (!stored) {
            throw new InstallStates.TooManyStatesException();
        }
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
     * @throws InstallStates.StateAlreadyUsedException when the state is no longer there
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
            throw new InstallStates.StateAlreadyUsedException();
        }
    }
}
