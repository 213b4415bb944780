package dev.sessionguard.storage;

import dev.sessionguard.people.PeopleStore;
import dev.sessionguard.people.Person;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The user directory in the app's database (tables {@code person} and {@code directory_sync}, V11). Lookups go in
 * chunks of {@link #CHUNK} parameters: 10,000 people are 20 indexed queries, well inside both engines' limits on
 * bound parameters.
 */
public final class JdbcPeople implements PeopleStore {

    /** Parameters per lookup query. */
    static final int CHUNK = 500;

    private static final String COLUMNS = "user_id, email, deleted, bot, primary_owner, owner, admin, enterprise_id, "
            + "workspaces, updated";
    /** Fields a newer stored row keeps when an older listing arrives (updated itself last: SET reads the old row). */
    private static final List<String> FIELDS = List.of("email", "deleted", "bot", "primary_owner", "owner", "admin",
            "enterprise_id", "updated");
    private static final String INSERT = "INSERT INTO person (" + COLUMNS + ", seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (user_id) DO UPDATE SET ";
    private static final String UPSERT_PAGE = INSERT + FIELDS.stream()
            .map(f -> f + " = CASE WHEN person.updated <= excluded.updated THEN excluded." + f + " ELSE person." + f + " END")
            .collect(Collectors.joining(", ")) + ", workspaces = excluded.workspaces, seen_ms = excluded.seen_ms";
    private static final String UPSERT_IF_NEWER = INSERT + FIELDS.stream().map(f -> f + " = excluded." + f)
            .collect(Collectors.joining(", ")) + ", workspaces = excluded.workspaces, seen_ms = excluded.seen_ms "
            + "WHERE person.updated < excluded.updated";

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcPeople(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    @Override
    public Map<String, Person> byIds(Collection<String> ids) {
        return lookup("user_id", new LinkedHashSet<>(ids), Person::id);
    }

    @Override
    public Map<String, Person> byEmails(Collection<String> emails) {
        Set<String> lower = emails.stream().filter(Objects::nonNull).map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        return lookup("email", lower, Person::email);
    }

    private Map<String, Person> lookup(String column, Set<String> keys, Function<Person, String> key) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Person> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        jdbc.withConnection(c -> {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM person WHERE " + column
                        + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            Person p = person(rs);
                            found.merge(key.apply(p), p, JdbcPeople::likelier);
                        }
                    }
                }
            }
            return null;
        });
        return found;
    }

    /**
     * Two people with one email (a deactivated account and its replacement): the active one, else the one Slack
     * changed last, is who the email means now.
     */
    private static Person likelier(Person a, Person b) {
        if (a.deleted() != b.deleted()) {
            return a.deleted() ? b : a;
        }
        return b.updated() > a.updated() ? b : a;
    }

    @Override
    public long count() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM person");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<Instant> lastFullSync() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_full_sync_ms FROM directory_sync WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long ms = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
            }
        });
    }

    @Override
    public void upsertPage(List<Person> page, long syncStartMs) {
        if (page.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            Map<String, List<String>> seenThisSync = workspacesSeenSince(c, page, syncStartMs);
            try (PreparedStatement s = c.prepareStatement(UPSERT_PAGE)) {
                // In id order, so two writers of overlapping pages lock rows in the same order.
                for (Person p : page.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
                    List<String> earlier = seenThisSync.get(p.id());
                    List<String> workspaces = earlier == null ? p.workspaces() : union(earlier, p.workspaces());
                    bind(s, p, workspaces, syncStartMs);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** The stored workspaces of the people of {@code page} that this sync (or an event since it began) already saw. */
    private static Map<String, List<String>> workspacesSeenSince(Connection c, List<Person> page, long syncStartMs)
            throws SQLException {
        Map<String, List<String>> seen = new HashMap<>();
        List<String> ids = page.stream().map(Person::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, workspaces FROM person WHERE seen_ms >= ? "
                    + "AND user_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                s.setLong(1, syncStartMs);
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.put(rs.getString(1), workspaces(rs.getString(2)));
                    }
                }
            }
        }
        return seen;
    }

    @Override
    public boolean upsertIfNewer(Person person) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(UPSERT_IF_NEWER)) {
                bind(s, person, person.workspaces(), clock.millis());
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long finishFullSync(String holder, long syncStartMs, Instant finished) {
        return jdbc.inTransaction(c -> {
            // The lease row first: on PostgreSQL this locks it, so no other instance takes the lease meanwhile.
            try (PreparedStatement s = c.prepareStatement("UPDATE directory_sync SET last_full_sync_ms = ? "
                    + "WHERE id = 1 AND lease_holder = ?")) {
                s.setLong(1, finished.toEpochMilli());
                s.setString(2, holder);
                if (s.executeUpdate() == 0) {
                    return -1L;
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM person WHERE seen_ms < ?")) {
                s.setLong(1, syncStartMs);
                return (long) s.executeUpdate();
            }
        });
    }

    @Override
    public boolean acquireLease(String holder, Duration lease) {
        long now = clock.millis();
        return updateLease("UPDATE directory_sync SET lease_holder = ?, lease_until_ms = ? WHERE id = 1 AND "
                + "(lease_holder IS NULL OR lease_holder = ? OR lease_until_ms < ?)", holder, now + lease.toMillis(),
                holder, now);
    }

    @Override
    public boolean renewLease(String holder, Duration lease) {
        return updateLease("UPDATE directory_sync SET lease_until_ms = ? WHERE id = 1 AND lease_holder = ?",
                clock.millis() + lease.toMillis(), holder);
    }

    @Override
    public void releaseLease(String holder) {
        updateLease("UPDATE directory_sync SET lease_holder = NULL, lease_until_ms = NULL WHERE id = 1 "
                + "AND lease_holder = ?", holder);
    }

    private boolean updateLease(String sql, Object... params) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                return s.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement s, Person p, List<String> workspaces, long seenMs) throws SQLException {
        s.setString(1, p.id());
        s.setString(2, p.email());
        s.setInt(3, flag(p.deleted()));
        s.setInt(4, flag(p.bot()));
        s.setInt(5, flag(p.primaryOwner()));
        s.setInt(6, flag(p.owner()));
        s.setInt(7, flag(p.admin()));
        s.setString(8, p.enterpriseId());
        s.setString(9, String.join(",", workspaces));
        s.setLong(10, p.updated());
        s.setLong(11, seenMs);
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }

    private static Person person(ResultSet rs) throws SQLException {
        return new Person(rs.getString("user_id"), rs.getString("email"), rs.getInt("deleted") != 0,
                rs.getInt("bot") != 0, rs.getInt("primary_owner") != 0, rs.getInt("owner") != 0,
                rs.getInt("admin") != 0, rs.getString("enterprise_id"), workspaces(rs.getString("workspaces")),
                rs.getLong("updated"));
    }

    private static List<String> workspaces(String stored) {
        return stored == null || stored.isEmpty() ? List.of()
                : Arrays.stream(stored.split(",")).filter(w -> !w.isEmpty()).toList();
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
