package dev.sessionguard.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The app's text log format, set up in code: Logback finds this through {@code META-INF/services} before it looks
 * for a file. Parsing a {@code logback.xml} took a third of the app's start-up (XML parser, Joran's model,
 * reflection), and this is the same configuration without any of that. A {@code logback-test.xml} on the class
 * path (the tests) or {@code -Dlogback.configurationFile=…} (someone's own configuration) still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Each line: time, level, thread, logger, and the message with controls escaped (see below). */
    static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %escapedMsg%n";
    /**
     * Bolt and the SDK log request bodies at DEBUG: kept at INFO so nothing sensitive is written; the libraries'
     * own chatter at WARN.
     */
    static final Map<String, Level> LEVELS = Map.of(
            "com.slack.api", Level.INFO,
            "org.eclipse.jetty", Level.WARN,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The shipped configuration on {@code context}: one console appender on stdout, named STDOUT. */
    static void apply(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // %escapedMsg is %msg with CR, LF, ESC and every other control written as \r, \n, \u001b…: text from
        // outside can never forge a log line. Stack traces (appended after it) are not escaped.
        layout.getInstanceConverterMap().put("escapedMsg", EscapedMessageConverter::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
    }
}
