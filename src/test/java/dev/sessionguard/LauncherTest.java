package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The jar starts through a Java 8 class that turns "too old a Java" into one line. */
class LauncherTest {

    @Test
    void olderJavasAreToldInOneLine() {
        assertThat(Launcher.problem("1.8")).isEqualTo("Session Guard needs Java 17 or newer; this is Java 8.");
        assertThat(Launcher.problem("11")).isEqualTo("Session Guard needs Java 17 or newer; this is Java 11.");
        assertThat(Launcher.problem("16")).contains("this is Java 16.");
    }

    @Test
    void java17AndNewerRunTheApp() {
        assertThat(Launcher.problem("17")).isNull();
        assertThat(Launcher.problem("21")).isNull();
        assertThat(Launcher.problem("25")).isNull();
        assertThat(Launcher.problem(System.getProperty("java.specification.version"))).isNull();
    }

    @Test
    void versionsAreReadAsTheirFeatureRelease() {
        assertThat(Launcher.major("1.8")).isEqualTo(8);
        assertThat(Launcher.major("9")).isEqualTo(9);
        assertThat(Launcher.major("17")).isEqualTo(17);
        assertThat(Launcher.major("21.0.1")).isEqualTo(21);
        assertThat(Launcher.major("weird")).isZero();
        assertThat(Launcher.problem("weird")).as("left to the JVM").isNull();
        assertThat(Launcher.problem(null)).isNull();
    }

    @Test
    void launcherIsCompiledForJava8() throws IOException {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class")) {
            byte[] header = in.readNBytes(8);
            int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            assertThat(major).as("class file major version (52 is Java 8)").isEqualTo(52);
        }
    }
}
