package dev.sessionguard.audit;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.audit.ChannelView.Drawn;
import dev.sessionguard.audit.ChannelView.Placement;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts one stored record to the private audit channel, as the bot (never with the admin token). */
public class AuditPoster {

    private static final Logger log = LoggerFactory.getLogger(AuditPoster.class);
    private static final int MAX_BLOCKS = 50;

    private final MethodsClient slack;
    private final Tokens tokens;
    private final String channel;
    private final SlackCalls calls;
    private final List<ChannelView> views;

    /** @param views features' views of their records, asked in this order; the first drawing wins */
    public AuditPoster(MethodsClient slack, Tokens tokens, String channel, SlackCalls calls, List<ChannelView> views) {
        this.slack = slack;
        this.tokens = tokens;
        this.channel = channel;
        this.calls = calls;
        this.views = List.copyOf(views);
    }

    public String channel() {
        return channel;
    }

    /**
     * The record's place and hash, shown in the channel: a copy of the chain outside the database,
     * so rewriting the database is visible against Slack's history.
     */
    public static String chainRef(AuditStore.StoredRecord stored) {
        return "record #" + stored.seq() + " · sha256 " + stored.hash().substring(0, 16);
    }

    /** The first view's drawing of the record; empty when none draws it, or when the one asked throws. */
    Optional<Drawn> viewed(AuditStore.StoredRecord stored) {
        for (ChannelView view : views) {
            Optional<Drawn> drawn;
            try {
                drawn = view.draw(stored);
            } catch (RuntimeException e) {
                // The exception's message may quote the record: the class names say enough to find the bug.
                log.error("Audit view {} failed on record #{} ({}); it is shown the default way",
                        view.getClass().getName(), stored.seq(), e.getClass().getName());
                return Optional.empty();
            }
            if (drawn != null && drawn.isPresent()) {
                return Optional.of(fitted(drawn.get(), view, stored));
            }
        }
        return Optional.empty();
    }

    /** {@link AuditMessage}'s rendering: in place of ref's message for a record that closes one, else its own. */
    static Drawn standard(AuditStore.StoredRecord stored) {
        AuditRecord r = stored.record();
        return new Drawn(AuditMessage.text(r), AuditMessage.blocks(r, chainRef(stored)),
                r.ref() == null ? Placement.NEW_MESSAGE : Placement.REPLACE_REF);
    }

    /** What one delivery came to, and where its message is when Slack took it. */
    record Sent(SlackResult<?> result, String channel, String messageTs) {
        boolean ok() {
            return result.ok();
        }
    }

    /**
     * Sends {@code drawn} to {@code placement}, which may differ from the drawing's own (a fallback).
     *
     * @param ref the message of the record's ref; null only with {@link Placement#NEW_MESSAGE}
     */
    Sent send(Drawn drawn, Placement placement, AuditStore.Delivered ref) {
        return switch (placement) {
            case NEW_MESSAGE -> drawn.file() == null ? message(drawn, channel, null)
                    : upload(drawn, channel, null, ref == null ? null : ref.messageTs());
            case REPLACE_REF -> new Sent(calls.call("chat.update", () -> slack.chatUpdate(q -> q
                    .token(tokens.bot().reveal())
                    .channel(ref.channel())
                    .ts(ref.messageTs())
                    .text(drawn.text())
                    .blocks(drawn.blocks()))), ref.channel(), ref.messageTs());
            case THREAD_OF_REF -> drawn.file() == null ? message(drawn, ref.channel(), ref.messageTs())
                    : upload(drawn, ref.channel(), ref.messageTs(), ref.messageTs());
        };
    }

    /** A record the database could not take: posted without a place in the chain. */
    public SlackResult<ChatPostMessageResponse> postUnstored(AuditRecord record) {
        return post(channel, null, AuditMessage.text(record), AuditMessage.blocks(record, null));
    }

    private Sent message(Drawn drawn, String where, String threadTs) {
        SlackResult<ChatPostMessageResponse> posted = post(where, threadTs, drawn.text(), drawn.blocks());
        return new Sent(posted, where, posted.ok() ? posted.response().getTs() : null);
    }

    private SlackResult<ChatPostMessageResponse> post(String where, String threadTs, String text,
            List<LayoutBlock> blocks) {
        return calls.call("chat.postMessage", () -> slack.chatPostMessage(q -> q
                .token(tokens.bot().reveal())
                .channel(where)
                .threadTs(threadTs)
                .replyBroadcast(false)
                .text(text)
                .blocks(blocks)
                .unfurlLinks(false)
                .unfurlMedia(false)));
    }

    /**
     * The SDK's three steps: an upload URL, the bytes, then the share with the text as its comment. Slack shares
     * the file afterwards, so its answer rarely names the message it made: then {@code tsIfUnsaid} stands for it.
     */
    private Sent upload(Drawn drawn, String where, String threadTs, String tsIfUnsaid) {
        ChannelView.CsvFile file = drawn.file();
        SlackResult<FilesUploadV2Response> uploaded = calls.call("files.uploadV2", () -> {
            try {
                return slack.filesUploadV2(q -> q
                        .token(tokens.bot().reveal())
                        .channel(where)
                        .threadTs(threadTs)
                        .initialComment(drawn.text())
                        .fileData(file.content().getBytes(StandardCharsets.UTF_8))
                        .filename(file.filename())
                        .title(file.title()));
            } catch (SlackFilesUploadV2Exception e) {
                return UploadAnswer.asResponse(e);
            }
        });
        String ts = uploaded.ok() ? UploadAnswer.sharedTs(uploaded.response(), where) : null;
        return new Sent(uploaded, where, ts != null ? ts : tsIfUnsaid);
    }

    /** What Slack can take of a view's drawing. */
    private static Drawn fitted(Drawn drawn, ChannelView view, AuditStore.StoredRecord stored) {
        ChannelView.CsvFile file = drawn.file();
        if (file != null && stored.record().ref() == null) {
            // No thread to put it in, and Slack rarely names the message a file share makes.
            log.warn("Audit view {} attached a file to record #{}, which has no ref: it is posted without the file",
                    view.getClass().getName(), stored.seq());
            file = null;
        }
        List<LayoutBlock> blocks = drawn.blocks();
        if (blocks.size() > MAX_BLOCKS) {
            log.warn("Audit view {} drew {} blocks for record #{}; Slack takes {}, so the rest is left to the store",
                    view.getClass().getName(), blocks.size(), stored.seq(), MAX_BLOCKS);
            blocks = new ArrayList<>(blocks.subList(0, MAX_BLOCKS - 1));
            blocks.add(context(c -> c.elements(List.of(markdownText(
                    "…and more; the rest is in the audit store (`audit export`).")))));
        }
        return new Drawn(drawn.text(), blocks, drawn.placement(), file); // equal to drawn when nothing was cut
    }
}
