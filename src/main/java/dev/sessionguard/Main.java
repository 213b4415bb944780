package dev.sessionguard;

import com.slack.api.methods.MethodsClient;
import dev.sessionguard.config.ConfigException;
import dev.sessionguard.config.Logging;
import dev.sessionguard.config.Settings;
import dev.sessionguard.doctor.Doctor;
import dev.sessionguard.slack.SlackCalls;

/** Starts Session Guard from the environment. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure(Settings.logFormatFrom(Settings.environment()));
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && "doctor".equals(args[0])) {
            MethodsClient slack = SessionGuard.slackClient(settings).methods();
            System.exit(new Doctor(slack, settings, SlackCalls.withDefaults()).run(System.out));
            return;
        }
        SessionGuard app = SessionGuard.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                System.err.println("Shutdown was not clean: " + e.getClass().getSimpleName());
            }
        }, "shutdown"));
    }
}
