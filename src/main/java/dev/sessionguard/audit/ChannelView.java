package dev.sessionguard.audit;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a feature's records read in the audit channel; empty means {@link AuditMessage}'s default. Registered with
 * {@link AuditPoster#draw}. Every view is asked about every record, on the outbox's one thread and again at each
 * retry: answer empty at once for records that are not the feature's own, and keep the drawing quick.
 */
@FunctionalInterface
public interface ChannelView {

    Optional<Drawn> draw(AuditStore.StoredRecord stored);

    /**
     * One record's message. Keeping within Slack's limits (50 blocks, 3,000 characters a section) is the view's
     * job; past 50 blocks the poster cuts it to 49 and says the rest is in the audit store. Show
     * {@link AuditPoster#chainRef} in it, as default messages do: it is the channel's copy of the hash chain.
     *
     * @param text      the fallback text notifications and search show; for a file, the comment above it
     *                  (Slack then ignores the blocks, so put the chain ref in the text too)
     * @param placement where it goes, relative to the message of the record's {@code ref}
     * @param file      attached in ref's thread, or null; only with {@link Placement#THREAD_OF_REF}. Slack rarely
     *                  names the message a file share makes, so such a record is then stored at ref's message:
     *                  a later record that refs it lands at (or under) the thread's parent
     */
    record Drawn(String text, List<LayoutBlock> blocks, Placement placement, CsvFile file) {
        public Drawn {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(placement, "placement");
            blocks = List.copyOf(blocks);
            if (file != null && placement != Placement.THREAD_OF_REF) {
                // Slack does not say which message a file share made, so nothing could update or thread under it.
                throw new IllegalArgumentException("a file goes only in the thread of the record's ref");
            }
        }

        public Drawn(String text, List<LayoutBlock> blocks, Placement placement) {
            this(text, blocks, placement, null);
        }
    }

    /** Without a {@code ref} every record is a new message, whatever its view says. */
    enum Placement {
        /** A message of its own, even when the record has a ref. */
        NEW_MESSAGE,
        /** In place of ref's message ({@code chat.update}): the default for a record with a ref. */
        REPLACE_REF,
        /** A reply in the thread of ref's message, with the file if there is one. */
        THREAD_OF_REF
    }

    /** A CSV file, e.g. every person a bulk job signed out; {@code content} is sent as UTF-8. */
    record CsvFile(String filename, String title, String content) {
        public CsvFile {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(content, "content");
            title = title == null ? filename : title;
        }
    }
}
