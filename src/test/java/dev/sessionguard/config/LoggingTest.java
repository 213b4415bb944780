package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The text and JSON line formats, without touching the logging of the test JVM. */
class LoggingTest {

    @Test
    void aFailureWithItsStackTraceIsOneJsonLine() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        Logger logger = context.getLogger("dev.sessionguard.Example");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR,
                "Slack {} failed: \"{}\"", new IllegalStateException("line one\nline two"),
                new Object[] {"views.open", "a <quoted> \\ value"});

        String out = new String(Logging.jsonEncoder(context).encode(event), StandardCharsets.UTF_8);

        assertThat(out.strip()).doesNotContain("\n");
        JsonObject json = JsonParser.parseString(out).getAsJsonObject();
        assertThat(json.get("level").getAsString()).isEqualTo("ERROR");
        assertThat(json.get("loggerName").getAsString()).isEqualTo("dev.sessionguard.Example");
        assertThat(json.get("formattedMessage").getAsString())
                .isEqualTo("Slack views.open failed: \"a <quoted> \\ value\"");
        assertThat(json.getAsJsonObject("throwable").get("className").getAsString())
                .isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void typedTextCannotForgeALineInTheShippedTextFormat() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogSetup.apply(context);
        Logger logger = context.getLogger("dev.sessionguard.Example");
        var stdout = (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "reason {} done", null,
                new Object[] {"x\r\nFAKE 2026-01-01 INFO forged\u001b[2J\u0007\u2028end"});

        String out = new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(out.lines()).hasSize(1);
        assertThat(out).endsWith(" - reason x\\r\\nFAKE 2026-01-01 INFO forged\\u001b[2J\\u0007\\u2028end done"
                + System.lineSeparator());
    }

    @Test
    void theShippedConfigurationKeepsBoltsRequestBodiesOutAndYieldsToATestFile() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogSetup.apply(context);

        assertThat(context.getLogger("com.slack.api.bolt.App").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.sessionguard.SessionGuard").getEffectiveLevel()).isEqualTo(Level.INFO);
        // This test JVM has logback-test.xml on its class path: the file configures it, not LogSetup.
        LogSetup setup = new LogSetup();
        setup.setContext(new LoggerContext());
        assertThat(setup.configure(new LoggerContext())).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void typedTextCannotForgeALineInTheJsonFormat() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        Logger logger = context.getLogger("dev.sessionguard.Example");
        String typed = "x\r\nFAKE 2026-01-01 INFO forged\u001b[2J\u0007\u2028end";
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "reason {} done", null,
                new Object[] {typed});

        String out = new String(Logging.jsonEncoder(context).encode(event), StandardCharsets.UTF_8);

        // JSON string escaping already keeps it to one line; a reader gets the text back exactly.
        assertThat(out.strip()).doesNotContain("\n", "\r", "\u001b", "\u0007");
        assertThat(JsonParser.parseString(out).getAsJsonObject().get("formattedMessage").getAsString())
                .isEqualTo("reason " + typed + " done");
    }

    @Test
    void textLeavesTheConfiguredAppendersAlone() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> before = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(before::add);

        Logging.configure(ServerSettings.LogFormat.TEXT);

        List<Appender<ILoggingEvent>> after = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(after::add);
        assertThat(after).isEqualTo(before);
    }
}
