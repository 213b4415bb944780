package dev.sessionguard.audit;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.slack.SlackResult;
import dev.sessionguard.slack.Tokens;

/** Posts one stored record to the private audit channel, as the bot (never with the admin token). */
public class AuditPoster {

    private final MethodsClient slack;
    private final Tokens tokens;
    private final String channel;
    private final SlackCalls calls;

    public AuditPoster(MethodsClient slack, Tokens tokens, String channel, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.channel = channel;
        this.calls = calls;
    }

    public String channel() {
        return channel;
    }

    /** A record from the store, with its place in the chain. */
    public SlackResult<ChatPostMessageResponse> post(AuditStore.StoredRecord stored) {
        return post(stored.record(), chainRef(stored));
    }

    /**
     * The record that closes an action, shown in place of its "in progress" message: one message per action.
     */
    public SlackResult<ChatUpdateResponse> update(AuditStore.StoredRecord stored, AuditStore.Delivered where) {
        return calls.call("chat.update", () -> slack.chatUpdate(q -> q
                .token(tokens.bot().reveal())
                .channel(where.channel())
                .ts(where.messageTs())
                .text(AuditMessage.text(stored.record()))
                .blocks(AuditMessage.blocks(stored.record(), chainRef(stored)))));
    }

    /** A record the database could not take: posted without a place in the chain. */
    public SlackResult<ChatPostMessageResponse> postUnstored(AuditRecord record) {
        return post(record, null);
    }

    private SlackResult<ChatPostMessageResponse> post(AuditRecord record, String chainRef) {
        return calls.call("chat.postMessage", () -> slack.chatPostMessage(q -> q
                .token(tokens.bot().reveal())
                .channel(channel)
                .text(AuditMessage.text(record))
                .blocks(AuditMessage.blocks(record, chainRef))
                .unfurlLinks(false)
                .unfurlMedia(false)));
    }

    /**
     * The record's place and hash, shown in the channel: a copy of the chain outside the database,
     * so rewriting the database is visible against Slack's history.
     */
    static String chainRef(AuditStore.StoredRecord stored) {
        return "record #" + stored.seq() + " · sha256 " + stored.hash().substring(0, 16);
    }
}
