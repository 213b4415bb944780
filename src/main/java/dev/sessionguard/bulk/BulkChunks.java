package dev.sessionguard.bulk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The people of one bulk sign-out cut into {@code admin.users.session.resetBulk} calls. A pure function of the list
 * it is given: the same ordered list gives the same chunks, so "chunk 3" names the same people after a restart.
 */
public final class BulkChunks {

    /**
     * The most user IDs Slack takes in one {@code resetBulk} call, and so the people in a job's chunk: chunk
     * {@code i} is positions {@code [i * MAX_PER_CALL, (i + 1) * MAX_PER_CALL)} of the stored list.
     */
    public static final int MAX_PER_CALL = 1000;

    private final List<List<String>> chunks;
    private final int people;

    private BulkChunks(List<List<String>> chunks, int people) {
        this.chunks = chunks;
        this.people = people;
    }

    /**
     * Chunks of at most {@link #MAX_PER_CALL}, in the list's order. Someone listed twice is kept where they first
     * appear, so each person gets one outcome.
     */
    public static BulkChunks of(List<String> userIds) {
        List<String> unique = List.copyOf(new LinkedHashSet<>(userIds.stream().map(Objects::requireNonNull).toList()));
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += MAX_PER_CALL) {
            chunks.add(unique.subList(from, Math.min(from + MAX_PER_CALL, unique.size())));
        }
        return new BulkChunks(List.copyOf(chunks), unique.size());
    }

    public int count() {
        return chunks.size();
    }

    /** How many distinct people in all. */
    public int people() {
        return people;
    }

    /** @throws IndexOutOfBoundsException unless {@code 0 <= index < count()} */
    public List<String> chunk(int index) {
        return chunks.get(index);
    }
}
