package dev.sessionguard.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the app, Bolt and Jetty while open, as Logback hands them to an appender. */
public final class CapturedLogs implements AutoCloseable {

    private static final List<String> SOURCES = List.of("dev.sessionguard", "com.slack.api", "org.eclipse.jetty");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    private CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        SOURCES.forEach(name -> context.getLogger(name).addAppender(appender));
    }

    public synchronized List<ILoggingEvent> events() {
        // AppenderBase.doAppend adds under the appender's own lock, not the list's.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    public List<ILoggingEvent> from(Class<?> source, Level level) {
        return events().stream().filter(e -> e.getLoggerName().equals(source.getName()) && e.getLevel() == level).toList();
    }

    /** Events that carry an exception: each would print a stack trace. */
    public List<ILoggingEvent> withStackTraces() {
        return events().stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        SOURCES.forEach(name -> {
            Logger logger = context.getLogger(name);
            logger.detachAppender(appender);
        });
        appender.stop();
    }

    /** For readable assertion messages. */
    public static String describe(List<ILoggingEvent> events) {
        return String.join("\n", events.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " "
                + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " !! " + e.getThrowableProxy().getClassName()))
                .toList());
    }

}
