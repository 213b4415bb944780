package dev.sessionguard.audit;

import com.slack.api.methods.MethodsClient;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.slack.SlackResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each record to the private audit channel as the bot (never with the admin token).
 * When the post fails the full record goes to the log at ERROR, so it is never silently lost.
 */
public final class SlackAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(SlackAuditLog.class);

    private final MethodsClient slack;
    private final Secret botToken;
    private final String channel;
    private final SlackCalls calls;
    /** Until the durable store exists, recent records live only in memory. */
    private final Deque<AuditRecord> recent = new ArrayDeque<>();
    private static final int KEPT_IN_MEMORY = 50;

    public SlackAuditLog(MethodsClient slack, Secret botToken, String channel, SlackCalls calls) {
        this.slack = slack;
        this.botToken = botToken;
        this.channel = channel;
        this.calls = calls;
    }

    @Override
    public List<AuditRecord> recent(int limit) {
        synchronized (recent) {
            return recent.stream().limit(limit).toList();
        }
    }

    @Override
    public void record(AuditRecord record) {
        synchronized (recent) {
            recent.addFirst(record);
            while (recent.size() > KEPT_IN_MEMORY) {
                recent.removeLast();
            }
        }
        // The log keeps every record whole, including target lists too long for one Slack message.
        log.info("audit {}", record);
        SlackResult<?> r;
        try {
            r = calls.call("chat.postMessage", () -> slack.chatPostMessage(q -> q
                    .token(botToken.reveal())
                    .channel(channel)
                    .text(AuditMessage.text(record))
                    .blocks(AuditMessage.blocks(record))
                    .unfurlLinks(false)
                    .unfurlMedia(false)));
        } catch (RuntimeException e) {
            log.error("AUDIT RECORD NOT POSTED ({}): {}", e.getClass().getSimpleName(), record);
            return;
        }
        if (!r.ok()) {
            log.error("AUDIT RECORD NOT POSTED to the audit channel ({}): {}", r.error(), record);
        }
    }
}
