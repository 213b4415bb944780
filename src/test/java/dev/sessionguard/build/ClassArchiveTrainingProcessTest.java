package dev.sessionguard.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.MainProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's training run, as the build runs it (in its own JVM), and the archive it leaves. */
@Tag("slow")
class ClassArchiveTrainingProcessTest {

    /**
     * The archive itself can only be written from a jar (the JVM refuses directories on the class path), so the
     * build's own step shows that part; here, the run it makes: it starts and stops the app, quietly, and leaves
     * nothing behind.
     */
    @Test
    void theTrainingRunStartsAndStopsTheAppQuietlyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        MainProcess.Finished training = MainProcess.run(dir, "training", Map.of(),
                List.of("-Djava.io.tmpdir=" + tmp), ClassArchiveTraining.COMMAND);

        assertThat(training.exitCode()).as(training.describe()).isZero();
        // The refused start-up check it provokes (nothing listens at its Slack address) is not news.
        assertThat(training.out()).as(training.describe()).isEmpty();
        assertThat(training.err()).as(training.describe()).isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tmp",
                    "training-out.txt", "training-err.txt");
        }
    }
}
