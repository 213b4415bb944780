package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A new SQLite audit database starts as a copy of the empty one the build made: {@code cds-training} opens a fresh
 * database with {@link Database#open} (Flyway applies every migration of this build) and keeps it, closed and
 * checkpointed, in {@link StartFolder} ({@code build.StartFolderWriter}). Flyway's set-up and nine migrations were most of a first
 * start (docs/PERFORMANCE.md); the copy holds exactly what they make, Flyway's history included (its
 * {@code installed_on} is the build's time), so the opened database is current and later migrations apply to it as
 * to any other. The copy is made only where no database is (nor its {@code -wal} or {@code -journal}), under a
 * temporary name, and linked into place, which fails rather than replace a file another process created meanwhile.
 * Anything that goes wrong, or a start folder not to trust, leaves the start to Flyway, as without the copy. The copy
 * is its owner's only (0600), as every database file the app creates.
 */
public final class NewDatabase {

    private NewDatabase() {
    }

    /** The empty database this build's migrations make, by its latest migration's number. */
    public static Path templatePath(Path folder) {
        return folder.resolve("new-database-v" + Database.LATEST_MIGRATION + ".db");
    }

    /**
     * Before a start opens {@code jdbcUrl}: a copy of the prepared database where there is none yet, if the start
     * folder is one to trust ({@link StartFolder#use}).
     */
    static boolean fromTemplate(Secret jdbcUrl, Optional<StartFolder> start) {
        Optional<Path> file = Database.sqliteFile(jdbcUrl);
        if (file.isEmpty() || start.isEmpty() || !isNew(file.get())) {
            return false; // a restart: the folder isn't even looked at
        }
        Optional<Path> template = start.get().use(templatePath(start.get().path()));
        return template.isPresent() && fromTemplate(template.get(), file.get());
    }

    /** Whether {@code file} is now a copy of {@code template}; false, with {@code file} untouched, in every other case. */
    static boolean fromTemplate(Path template, Path file) {
        if (!Files.isRegularFile(template) || !isNew(file) || file.getParent() == null) {
            return false;
        }
        Path part = file.resolveSibling(file.getFileName() + ".new-" + UUID.randomUUID());
        try {
            // The audit database: its owner's only, whatever the umask (PrivateFiles).
            try (InputStream in = Files.newInputStream(template);
                 OutputStream out = Channels.newOutputStream(Files.newByteChannel(part,
                         Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.ownerOnly(part)))) {
                in.transferTo(out);
            }
            Files.createLink(file, part);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Another process created it meanwhile (FileAlreadyExistsException), no hard links on this file system,
            // no room: Flyway's way, as without the copy.
            return false;
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // a leftover temporary copy beside the database; nothing reads it
            }
        }
    }

    /** No database there, nor a write-ahead log or journal a crash left. */
    private static boolean isNew(Path file) {
        return !Files.exists(file) && !Files.exists(sidecar(file, "-wal")) && !Files.exists(sidecar(file, "-journal"));
    }

    private static Path sidecar(Path db, String suffix) {
        return PrivateFiles.sidecar(db, suffix);
    }
}
