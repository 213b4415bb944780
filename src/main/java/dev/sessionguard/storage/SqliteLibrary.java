package dev.sessionguard.storage;

import java.nio.file.Path;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, loaded from a copy kept in {@link StartFolder}. Without one, sqlite-jdbc writes the
 * library from the jar into the temporary directory on every start and reads both back byte by byte to compare them:
 * about a fifth of a second of every start (docs/PERFORMANCE.md). The build's {@code cds-training} run keeps the
 * copy ({@code build.StartFolderWriter}); a start only reads it. The copy's path names sqlite-jdbc's version and the platform, so a jar
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

    /** {@code <folder>/sqlite-jdbc-<version>/<os>/<arch>/libsqlitejdbc.so}, as the jar names it. */
    public static Path copyPath(Path folder) {
        return folder.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
                .resolve(LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/org/sqlite/native/", ""))
                .resolve(LibraryLoaderUtil.getNativeLibName());
    }

    /** Where sqlite-jdbc's jar holds the library for this platform. */
    public static String resource() {
        return LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    }
}
