package dev.sessionguard.storage;

import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.threat.AnomalyCard;
import dev.sessionguard.threat.AnomalyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Threat response's tables (V12): the watermark and lease, the filed entries, the cards and the automatic response's
 * sign-outs. An entry's filing commits together with its audit record, in the audit chain's lock, so every filing is
 * one step whoever else writes.
 */
public final class JdbcAnomalyStore implements AnomalyStore {

    private static final String CARD_COLUMNS = "card_id, user_id, first_s, last_s, anomalies, reasons, seq, entry_id, "
            + "seen_s, ip_address, user_agent, location, session_id, previous_ip, previous_ua, slack_reset_s, "
            + "handled_kind, handled_by, handled_ms, handled_words, note, auto_reason";

    private final Jdbc jdbc;
    private final JdbcAuditStore audit;
    private final Clock clock;

    public JdbcAnomalyStore(Database db, JdbcAuditStore audit, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public OptionalLong watermark() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT watermark_s FROM anomaly_watch WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                long w = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(w);
            }
        });
    }

    @Override
    public void advance(long seconds) {
        update("UPDATE anomaly_watch SET watermark_s = ? WHERE id = 1 AND (watermark_s IS NULL OR watermark_s < ?)",
                seconds, seconds);
    }

    @Override
    public boolean lease(String instance, Instant until) {
        long now = clock.millis();
        return update("UPDATE anomaly_watch SET lease_holder = ?, lease_until_ms = ? WHERE id = 1 AND "
                + "(lease_holder IS NULL OR lease_holder = ? OR lease_until_ms < ?)", instance, until.toEpochMilli(),
                instance, now) == 1;
    }

    @Override
    public void release(String instance) {
        update("UPDATE anomaly_watch SET lease_holder = NULL, lease_until_ms = NULL WHERE id = 1 AND lease_holder = ?",
                instance);
    }

    @Override
    public Optional<Filed> file(AuditLogEntry entry, Instant since, boolean anyState,
            Function<Optional<AnomalyCard>, Filing> filing) {
        return jdbc.inTransaction(c -> {
            JdbcAuditStore.lock(c); // first, as every audit writer: one filing at a time, whoever writes
            Optional<AnomalyCard> joinable = joinable(c, entry.userId(), since, anyState);
            Filing f = filing.apply(joinable);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO anomaly_entry (entry_id, card_id, at_s) "
                    + "VALUES (?, ?, ?) ON CONFLICT (entry_id) DO NOTHING")) {
                s.setString(1, entry.id());
                s.setString(2, f.card().id());
                s.setLong(3, entry.at().getEpochSecond());
                if (s.executeUpdate() != 1) {
                    return Optional.<Filed>empty(); // filed before, by this instance or another
                }
            }
            long seq = audit.appendIn(c, f.record()).seq();
            AnomalyCard card = f.card();
            if (joinable.isEmpty()) {
                card = new AnomalyCard(card.id(), card.userId(), card.firstAt(), card.lastAt(), card.count(),
                        card.reasons(), card.latest(), seq, card.slackReset(), card.handled(), card.note(),
                        card.autoReason());
                insert(c, card);
            } else {
                merge(c, card);
            }
            return Optional.of(new Filed(card, joinable.isEmpty(), seq));
        });
    }

    private static Optional<AnomalyCard> joinable(Connection c, String userId, Instant since, boolean anyState)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + CARD_COLUMNS + " FROM anomaly_card WHERE user_id = ? "
                + "AND first_s >= ?" + (anyState ? "" : " AND handled_kind IS NULL")
                + " ORDER BY first_s DESC, card_id DESC LIMIT 1")) {
            s.setString(1, userId);
            s.setLong(2, since.getEpochSecond());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(card(rs)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, AnomalyCard card) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO anomaly_card (" + CARD_COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?)")) {
            s.setString(1, card.id());
            s.setString(2, card.userId());
            s.setLong(3, card.firstAt().getEpochSecond());
            s.setLong(4, card.lastAt().getEpochSecond());
            s.setInt(5, card.count());
            s.setString(6, String.join(",", card.reasons()));
            s.setLong(7, card.seq());
            sighting(s, 8, card);
            s.setString(17, card.autoReason());
            s.executeUpdate();
        }
    }

    /** What filing changes on a card; its handling and note are the buttons' and are never written here. */
    private static void merge(Connection c, AnomalyCard card) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE anomaly_card SET first_s = ?, last_s = ?, anomalies = ?, "
                + "reasons = ?, entry_id = ?, seen_s = ?, ip_address = ?, user_agent = ?, location = ?, session_id = ?, "
                + "previous_ip = ?, previous_ua = ?, slack_reset_s = ?, auto_reason = ? WHERE card_id = ?")) {
            s.setLong(1, card.firstAt().getEpochSecond());
            s.setLong(2, card.lastAt().getEpochSecond());
            s.setInt(3, card.count());
            s.setString(4, String.join(",", card.reasons()));
            sighting(s, 5, card);
            s.setString(14, card.autoReason());
            s.setString(15, card.id());
            s.executeUpdate();
        }
    }

    /** The sighting's eight columns, then slack_reset_s, from {@code first}. */
    private static void sighting(PreparedStatement s, int first, AnomalyCard card) throws SQLException {
        AnomalyCard.Sighting seen = card.latest();
        s.setString(first, seen.entryId());
        s.setLong(first + 1, seen.at().getEpochSecond());
        s.setString(first + 2, clientText(seen.ipAddress()));
        s.setString(first + 3, clientText(seen.userAgent()));
        s.setString(first + 4, clientText(seen.location()));
        s.setString(first + 5, clientText(seen.sessionId()));
        s.setString(first + 6, clientText(seen.previousIpAddress()));
        s.setString(first + 7, clientText(seen.previousUserAgent()));
        if (card.slackReset() == null) {
            s.setNull(first + 8, Types.BIGINT);
        } else {
            s.setLong(first + 8, card.slackReset().getEpochSecond());
        }
    }

    /**
     * What the client reported, without NUL: PostgreSQL refuses it in text, and one entry that can't be filed would
     * stop every later one (the watermark waits for it). Cards drop controls where they are drawn anyway.
     */
    private static String clientText(String text) {
        return text == null ? null : text.replace("\u0000", "");
    }

    @Override
    public Optional<AnomalyCard> card(String id) {
        List<AnomalyCard> cards = cards("card_id = ?", id);
        return cards.isEmpty() ? Optional.empty() : Optional.of(cards.get(0));
    }

    @Override
    public List<AnomalyCard> awaitingAutomaticResponse() {
        return cards("auto_reason IS NOT NULL ORDER BY first_s, card_id");
    }

    @Override
    public void automaticResponseDone(String id) {
        jdbc.inTransaction(c -> {
            JdbcAuditStore.lock(c); // as a filing does: a filing can't put back what this clears
            try (PreparedStatement s = c.prepareStatement("UPDATE anomaly_card SET auto_reason = NULL WHERE card_id = ?")) {
                s.setString(1, id);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void handled(String id, AnomalyCard.Handled handled) {
        update("UPDATE anomaly_card SET handled_kind = ?, handled_by = ?, handled_ms = ?, handled_words = ? "
                + "WHERE card_id = ?", handled.kind().name(), handled.by(), handled.at().toEpochMilli(),
                handled.words(), id);
    }

    @Override
    public void note(String id, String note) {
        update("UPDATE anomaly_card SET note = ? WHERE card_id = ?", note, id);
    }

    @Override
    public boolean countAutomatic(String cardId, Instant now, int max) {
        return jdbc.inTransaction(c -> {
            JdbcAuditStore.lock(c); // every instance counts in turn: the hour's limit can't be passed by two at once
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM anomaly_auto WHERE card_id = ?")) {
                s.setString(1, cardId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return true; // counted already: the same sign-out, tried again
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM anomaly_auto WHERE at_ms > ?")) {
                s.setLong(1, now.toEpochMilli() - 3_600_000L);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= max) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO anomaly_auto (card_id, at_ms) VALUES (?, ?)")) {
                s.setString(1, cardId);
                s.setLong(2, now.toEpochMilli());
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void forgetEntriesBefore(Instant before) {
        update("DELETE FROM anomaly_entry WHERE at_s < ?", before.getEpochSecond());
    }

    private List<AnomalyCard> cards(String where, Object... params) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + CARD_COLUMNS + " FROM anomaly_card WHERE "
                    + where)) {
                bind(s, params);
                List<AnomalyCard> cards = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        cards.add(card(rs));
                    }
                }
                return cards;
            }
        });
    }

    private static AnomalyCard card(ResultSet rs) throws SQLException {
        String reasons = rs.getString("reasons");
        AnomalyCard.Sighting seen = new AnomalyCard.Sighting(rs.getString("entry_id"),
                Instant.ofEpochSecond(rs.getLong("seen_s")), rs.getString("ip_address"), rs.getString("user_agent"),
                rs.getString("location"), rs.getString("session_id"), rs.getString("previous_ip"),
                rs.getString("previous_ua"));
        long reset = rs.getLong("slack_reset_s");
        Instant slackReset = rs.wasNull() ? null : Instant.ofEpochSecond(reset);
        String kind = rs.getString("handled_kind");
        AnomalyCard.Handled handled = kind == null ? null : new AnomalyCard.Handled(AnomalyCard.Kind.valueOf(kind),
                rs.getString("handled_by"), Instant.ofEpochMilli(rs.getLong("handled_ms")),
                rs.getString("handled_words"));
        return new AnomalyCard(rs.getString("card_id"), rs.getString("user_id"),
                Instant.ofEpochSecond(rs.getLong("first_s")), Instant.ofEpochSecond(rs.getLong("last_s")),
                rs.getInt("anomalies"), reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")), seen,
                rs.getLong("seq"), slackReset, handled, rs.getString("note"), rs.getString("auto_reason"));
    }

    private int update(String sql, Object... params) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return s.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Long l) {
                s.setLong(i + 1, l);
            } else {
                s.setString(i + 1, (String) params[i]);
            }
        }
    }
}
