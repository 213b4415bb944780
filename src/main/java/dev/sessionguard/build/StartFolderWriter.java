package dev.sessionguard.build;

import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.NewDatabase;
import dev.sessionguard.storage.SqliteLibrary;
import dev.sessionguard.storage.StartFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Writes what starts read from {@code session-guard-start/} beside the jar, once, at build time ({@code cds-training}):
 * sqlite-jdbc's native library ({@link SqliteLibrary} loads it) and the empty, migrated SQLite database a first start
 * copies ({@link NewDatabase}). Off the run path: a start only reads these, and only from a folder it trusts
 * ({@link StartFolder}). Both files are readable by whoever runs the jar (the image's own user) and writable only by
 * the build's user, and each is written under a temporary name and moved into place, so a start never sees half.
 */
public final class StartFolderWriter {

    private StartFolderWriter() {
    }

    /** {@link #keepSqliteLibrary(Path)} beside the jar; nothing when the app doesn't run from one. */
    public static Optional<Path> keepSqliteLibrary() throws IOException {
        Optional<Path> folder = StartFolder.besideTheJar();
        return folder.isEmpty() ? Optional.empty() : Optional.of(keepSqliteLibrary(folder.get()));
    }

    /** The library for this version and platform in {@code folder}, written if it isn't there whole yet. */
    public static Path keepSqliteLibrary(Path folder) throws IOException {
        Path copy = SqliteLibrary.copyPath(folder);
        if (Files.isRegularFile(copy) && Files.size(copy) == packagedSize()) {
            return copy;
        }
        Files.createDirectories(copy.getParent());
        Path part = Files.createTempFile(copy.getParent(), copy.getFileName().toString(), ".part");
        try (InputStream in = packaged()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            // A temporary file is its owner's only; the copy is for whoever runs the jar (the image's own user).
            readableByAll(part);
            try {
                Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return copy;
    }

    /** {@link #prepareNewDatabase(Path)} beside the jar; nothing when the app doesn't run from one. */
    public static Optional<Path> prepareNewDatabase() throws IOException {
        Optional<Path> folder = StartFolder.besideTheJar();
        return folder.isEmpty() ? Optional.empty() : Optional.of(prepareNewDatabase(folder.get()));
    }

    /**
     * Makes a fresh database through Flyway ({@link Database#open}: every migration of this build) in {@code folder},
     * closes it checkpointed, and moves it to {@link NewDatabase#templatePath}.
     */
    public static Path prepareNewDatabase(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path work = Files.createTempDirectory(folder, "new-database");
        try {
            Path db = work.resolve("new.db");
            Database.open(new Secret("jdbc:sqlite:" + db)).close();
            if (Files.exists(Path.of(db + "-wal")) || Files.exists(Path.of(db + "-journal"))) {
                throw new IOException("the new database was not checkpointed when it closed");
            }
            // An empty database, no secret in it: readable by whoever runs the jar, as the kept library is.
            readableByAll(db);
            Path template = NewDatabase.templatePath(folder);
            Files.move(db, template, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return template;
        } finally {
            try (var left = Files.list(work)) {
                for (Path p : (Iterable<Path>) left::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static InputStream packaged() throws IOException {
        InputStream in = SqliteLibrary.class.getClassLoader()
                .getResourceAsStream(SqliteLibrary.resource().substring(1));
        if (in == null) {
            throw new IOException("sqlite-jdbc has no native library for this platform (" + SqliteLibrary.resource()
                    + ")");
        }
        return in;
    }

    private static long packagedSize() throws IOException {
        var url = SqliteLibrary.class.getClassLoader().getResource(SqliteLibrary.resource().substring(1));
        return url == null ? -1 : url.openConnection().getContentLengthLong();
    }
}
