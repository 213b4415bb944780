package dev.sessionguard.edge;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;

/**
 * Where a button on a channel message was pressed: the channel and the message's ts, for features whose buttons act
 * only from their own message in the audit channel (a bulk job's, an anomaly's card).
 *
 * @param messageTs the container's ts, which Slack always sends for a message button; null when the payload's
 *                  message disagrees with its container (it then names no message at all)
 */
public record MessagePress(String channel, String messageTs) {

    public static MessagePress of(BlockActionPayload p) {
        String channel = p.getChannel() == null ? null : p.getChannel().getId();
        String container = p.getContainer() == null ? null : p.getContainer().getMessageTs();
        String message = p.getMessage() == null ? null : p.getMessage().getTs();
        String ts = container == null ? message : message == null || message.equals(container) ? container : null;
        return new MessagePress(channel, ts);
    }
}
