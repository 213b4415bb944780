package dev.sessionguard.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The SQLite database's files, readable and writable by their owner only: they hold the audit trail, OAuth states
 * and the encrypted tokens. SQLite creates a database with the process's default permissions (0644 under the usual
 * umask), and its {@code -wal}, {@code -shm} and {@code -journal} with the main file's; so the main file is created
 * here, empty (a valid new database), 0600, before SQLite opens it, and the others follow it.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal");
    private static final int GROUP_OR_OTHERS = 0077;

    private PrivateFiles() {
    }

    /** 0600 as a creation attribute, where the file system has POSIX permissions; else none. */
    static FileAttribute<?>[] ownerOnly(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            return folder != null && Files.getFileStore(folder).supportsFileAttributeView("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
        } catch (IOException e) {
            return new FileAttribute<?>[0];
        }
    }

    /**
     * Before SQLite opens {@code db}, where it would create it: where nothing is yet (no database, nor a journal a
     * crash left), an empty file only its owner can read. Whatever fails is left to SQLite, as before.
     */
    static void createIfNew(Path db) {
        if (Files.exists(db) || SIDECARS.stream().anyMatch(s -> Files.exists(sidecar(db, s)))) {
            return;
        }
        try {
            Files.createFile(db, ownerOnly(db));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // made by another instance meanwhile, no such folder, no room, no right: SQLite says so, as it would have
        }
    }

    /**
     * At the app's start: {@code db} and its journals, where they are this user's and others may read them (made
     * before this rule, or by hand), narrowed to 0600 and said in one WARN line. The one-shot commands don't: they
     * read a trail an operator points them at, perhaps a copy or another user's, and leave its modes alone.
     */
    static void narrow(Path db) {
        narrow(db, ProcessUser.uid());
    }

    /** Narrows {@code db} and its journals, where this user owns them and others may read them. */
    static void narrow(Path db, OptionalLong uid) {
        if (uid.isEmpty()) {
            return;
        }
        List<String> narrowed = new ArrayList<>();
        String was = null;
        for (Path file : files(db)) {
            try {
                Map<String, Object> attributes = Files.readAttributes(file, "unix:mode,uid");
                int mode = ((Number) attributes.get("mode")).intValue();
                if ((mode & GROUP_OR_OTHERS) == 0 || ((Number) attributes.get("uid")).longValue() != uid.getAsLong()) {
                    continue;
                }
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                narrowed.add(file.getFileName().toString());
                was = was != null ? was : String.format("%04o", mode & 07777);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
                // not there (most journals), or no Unix modes here: nothing to narrow
            }
        }
        if (!narrowed.isEmpty()) {
            // WARN, not INFO: until now any local user could read the trail and the encrypted tokens, which an
            // operator may want to look into; it is said once, as the next start finds the files 0600.
            LoggerFactory.getLogger(PrivateFiles.class).warn("Made {} readable by its owner only: it was {}, readable by"
                    + " other local users", String.join(", ", narrowed), was);
        }
    }

    private static List<Path> files(Path db) {
        List<Path> files = new ArrayList<>(List.of(db));
        SIDECARS.forEach(s -> files.add(sidecar(db, s)));
        return files;
    }

    static Path sidecar(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}
