package dev.sessionguard.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, loaded from a copy kept in {@link StartFolder}. Without one, sqlite-jdbc writes the
 * library from the jar into the temporary directory on every start and reads both back byte by byte to compare them:
 * about a fifth of a second of every start (docs/PERFORMANCE.md). The build's {@code cds-training} run keeps the
 * copy ({@link #keep}); a start only reads it. The copy's path names sqlite-jdbc's version and the platform, so a jar
 * of another version or a copied tree never loads a library that isn't its own; a missing copy, or one sqlite-jdbc
 * can't load, means the usual extraction.
 */
public final class SqliteLibrary {

    private static final String LIB_PATH = "org.sqlite.lib.path";
    private static final String LIB_NAME = "org.sqlite.lib.name";

    private SqliteLibrary() {
    }

    /**
     * Points sqlite-jdbc at the kept copy, if there is one for this version and platform and the start folder is one
     * to trust, before it loads. Leaves alone a library path the operator set.
     */
    static void useKeptCopy(Optional<StartFolder> start) {
        if (System.getProperty(LIB_PATH) != null) {
            return;
        }
        start.flatMap(SqliteLibrary::keptCopy).ifPresent(copy -> {
            System.setProperty(LIB_NAME, copy.getFileName().toString());
            System.setProperty(LIB_PATH, copy.getParent().toString());
        });
    }

    /**
     * The kept copy in {@code start}, if there is one to trust ({@link StartFolder#use}). Its size isn't checked
     * against the jar's here: that would open the 37 MB jar a second time, a tenth of a second. {@link #keep} writes
     * it whole or not at all.
     */
    static Optional<Path> keptCopy(StartFolder start) {
        return start.use(copyPath(start.path()));
    }

    /**
     * Writes the copy for this version and platform beside the jar, if it isn't there yet, and says where; nothing
     * when the app doesn't run from a jar. Written to a temporary name first and then moved, so a start never sees
     * half a library.
     */
    public static Optional<Path> keep() throws IOException {
        Optional<Path> folder = StartFolder.besideTheJar();
        return folder.isEmpty() ? Optional.empty() : Optional.of(keep(folder.get()));
    }

    static Path keep(Path folder) throws IOException {
        Path copy = copyPath(folder);
        if (Files.isRegularFile(copy) && Files.size(copy) == packagedSize()) {
            return copy;
        }
        Files.createDirectories(copy.getParent());
        Path part = Files.createTempFile(copy.getParent(), copy.getFileName().toString(), ".part");
        try (InputStream in = packaged()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            // A temporary file is its owner's only; the copy is for whoever runs the jar (the image's own user).
            if (Files.getFileStore(part).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
            }
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

    /** {@code <folder>/sqlite-jdbc-<version>/<os>/<arch>/libsqlitejdbc.so}, as the jar names it. */
    static Path copyPath(Path folder) {
        return folder.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
                .resolve(LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/org/sqlite/native/", ""))
                .resolve(LibraryLoaderUtil.getNativeLibName());
    }

    private static String resource() {
        return LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    }

    private static InputStream packaged() throws IOException {
        InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource());
        if (in == null) {
            throw new IOException("sqlite-jdbc has no native library for this platform (" + resource() + ")");
        }
        return in;
    }

    private static long packagedSize() throws IOException {
        var url = SQLiteJDBCLoader.class.getResource(resource());
        if (url == null) {
            return -1;
        }
        return url.openConnection().getContentLengthLong();
    }
}
