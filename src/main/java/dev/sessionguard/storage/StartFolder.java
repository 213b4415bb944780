package dev.sessionguard.storage;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code session-guard-start/} beside the jar: what the build's {@code cds-training} run prepares there for starts,
 * sqlite-jdbc's native library ({@link SqliteLibrary}) and an empty, migrated SQLite database ({@link NewDatabase}).
 * Only a start from the jar looks for it: tests, run from class folders, take the usual paths every time. Whoever
 * can write beside the jar can replace the jar itself, so what is there is trusted as much as the jar is.
 */
final class StartFolder {

    static final String NAME = "session-guard-start";

    private StartFolder() {
    }

    /** The folder beside the running jar, whether or not it exists; empty when the app doesn't run from a jar. */
    static Optional<Path> besideTheJar() {
        try {
            var source = StartFolder.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar") && jar.getParent() != null
                    ? Optional.of(jar.getParent().resolve(NAME)) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
