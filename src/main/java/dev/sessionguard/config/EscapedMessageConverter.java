package dev.sessionguard.config;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %escapedMsg} in the log pattern ({@link LogSetup}, {@code logback-test.xml}): the message with every
 * control character written as a visible escape, so text from outside (a reason, a Slack error, an exception
 * message in the arguments) can never end the line and forge the next one, nor send a terminal escape. Stack
 * traces are printed after the message by their own converter and are not escaped: they are many lines by
 * design. The JSON format needs none of this: JSON string escaping already keeps each event on one line.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    static String escape(String message) {
        if (message == null || message.chars().noneMatch(EscapedMessageConverter::needsEscape)) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Controls (C0, DEL, C1), the line and paragraph separators some viewers break on, and the bidi controls
     * that can show a line in another order than it was written. All are single UTF-16 units.
     */
    private static boolean needsEscape(int c) {
        return Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
