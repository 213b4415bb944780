package dev.sessionguard.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Chooses how log lines are written. Text is what Logback was configured with ({@link LogSetup}, or
 * {@code logback-test.xml} in tests); JSON swaps the root logger's console output
 * for Logback's own {@link JsonEncoder}, one JSON object a line, whichever file configured it.
 */
public final class Logging {

    private Logging() {
    }

    /** Call before anything logs, so no line is written in the other format. */
    public static void configure(ServerSettings.LogFormat format) {
        if (format != ServerSettings.LogFormat.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
            }
        }

        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName("JSON");
        json.setEncoder(jsonEncoder(context));
        if (!consoles.isEmpty()) {
            json.setTarget(consoles.get(0).getTarget());
        }
        json.start();

        root.addAppender(json);
        for (ConsoleAppender<ILoggingEvent> console : consoles) {
            root.detachAppender(console);
            console.stop();
        }
    }

    /**
     * For one-shot commands ({@code doctor}, {@code audit …}): log lines go to stderr, so stdout holds
     * only the command's own output (an export can be piped into a file).
     */
    public static void toStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }

    /** One JSON object a line, stack traces included. */
    static JsonEncoder jsonEncoder(Context context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The rendered line for people and log search; "message" keeps the template, which groups alike lines.
        encoder.setWithFormattedMessage(true);
        // Noise: arguments repeat the formatted message, the context block is the same on every line, and the
        // sequence number is 0 unless a sequence generator is configured.
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.start();
        return encoder;
    }
}
