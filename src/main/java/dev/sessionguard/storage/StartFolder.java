package dev.sessionguard.storage;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * {@code session-guard-start/} beside the jar: what the build's {@code cds-training} run prepares there for starts,
 * sqlite-jdbc's native library ({@link SqliteLibrary}) and an empty, migrated SQLite database ({@link NewDatabase}).
 * Only a start from the jar looks for it: tests, run from class folders, take the usual paths every time.
 *
 * <p>A library in it runs inside the app and a database in it becomes the audit trail, so a file is used only when
 * no one but the user running the app (or root) can have put it there ({@link #check}). Being able to write beside
 * the jar is not the same as being able to replace it: in a world-writable sticky folder such as {@code /tmp}, any
 * local user can create {@code session-guard-start/} before the operator's first start, and no one but the owner
 * can touch the jar. A folder that isn't trusted is left alone, said once in the log, and the start takes the slow
 * way: Flyway and sqlite-jdbc's own extraction.
 */
public final class StartFolder {

    public static final String NAME = "session-guard-start";

    /** {@code st_mode} bits, as the {@code unix:mode} attribute gives them. */
    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int GROUP_WRITE = 0020;
    private static final int OTHERS_WRITE = 0002;
    private static final long ROOT = 0;

    /** What {@link #check} found: a file to use, no file at all (nothing to say), or a reason not to use it. */
    sealed interface Trust {
        Trust TRUSTED = new Trusted();
        Trust MISSING = new Missing();

        record Trusted() implements Trust {
        }

        record Missing() implements Trust {
        }

        /** {@code problem} names the path and what is wrong with it, for the log. */
        record Refused(String problem) implements Trust {
        }
    }

    private final Path path;
    private final OptionalLong processUid;
    private final AtomicBoolean refused = new AtomicBoolean();

    StartFolder(Path path, OptionalLong processUid) {
        this.path = path;
        this.processUid = processUid;
    }

    /** The folder beside the running jar, for one start; empty when the app doesn't run from a jar. */
    static Optional<StartFolder> forThisStart() {
        return besideTheJar().map(folder -> new StartFolder(folder, ProcessUser.uid()));
    }

    Path path() {
        return path;
    }

    /**
     * {@code file}, in this folder, if it is there and {@link #check} trusts it. Once a file is refused the whole
     * folder is: nothing more is used from it, and one WARN line says why.
     */
    Optional<Path> use(Path file) {
        if (refused.get()) {
            return Optional.empty();
        }
        Trust trust = processUid.isPresent() ? check(path, file, processUid.getAsLong())
                : new Trust.Refused("the user running the app can't be told");
        if (trust instanceof Trust.Trusted) {
            return Optional.of(file);
        }
        if (trust instanceof Trust.Refused refusal && refused.compareAndSet(false, true)) {
            // Not a static logger: this runs on the database's thread while the start is still setting up.
            LoggerFactory.getLogger(StartFolder.class).warn("Not using {}/ ({}): starting without it", NAME,
                    refusal.problem());
        }
        return Optional.empty();
    }

    /**
     * Whether {@code file}, somewhere under {@code folder} (which is beside the jar), may be used by a process of user
     * {@code uid}. It may when {@code folder}, each folder below it on the way to {@code file}, and {@code file}
     * itself are what they seem (folders and a regular file, none a symbolic link), belong to {@code uid} or to root,
     * and can't be written by their group or others; and the jar's own folder can't be written by its group or
     * others either (a sticky bit doesn't help: it stops others renaming what is ours, not creating the folder first).
     * No one else can then have put the file there or can change it after this check. A stat call for each path,
     * links not followed, except the jar's folder, which is taken as the jar was started. A file system without Unix
     * owners and modes is not trusted.
     */
    static Trust check(Path folder, Path file, long uid) {
        if (!file.startsWith(folder) || file.equals(folder) || folder.getParent() == null) {
            throw new IllegalArgumentException(file + " is not in " + folder);
        }
        List<Path> chain = new ArrayList<>();
        Path step = folder;
        chain.add(step);
        for (Path name : folder.relativize(file)) {
            step = step.resolve(name);
            chain.add(step);
        }
        try {
            Path jarFolder = folder.getParent();
            String writable = writableBy(mode(Files.readAttributes(jarFolder, "unix:mode")));
            if (writable != null) {
                return new Trust.Refused(jarFolder + " is writable by " + writable);
            }
            for (Path p : chain) {
                Map<String, Object> attributes = Files.readAttributes(p, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
                int mode = mode(attributes);
                long owner = ((Number) attributes.get("uid")).longValue();
                boolean last = p.equals(file);
                if ((mode & TYPE) == SYMBOLIC_LINK) {
                    return new Trust.Refused(p + " is a symbolic link");
                }
                if ((mode & TYPE) != (last ? REGULAR : DIRECTORY)) {
                    return new Trust.Refused(p + " is not a " + (last ? "regular file" : "folder"));
                }
                if (owner != uid && owner != ROOT) {
                    return new Trust.Refused(p + " belongs to another user (uid " + owner + ")");
                }
                writable = writableBy(mode);
                if (writable != null) {
                    return new Trust.Refused(p + " is writable by " + writable);
                }
            }
            return Trust.TRUSTED;
        } catch (NoSuchFileException e) {
            return Trust.MISSING;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return new Trust.Refused(folder + " is on a file system without Unix owners and modes");
        } catch (IOException | SecurityException e) {
            return new Trust.Refused(folder + " can't be checked (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static int mode(Map<String, Object> attributes) {
        return ((Number) attributes.get("mode")).intValue();
    }

    private static String writableBy(int mode) {
        if ((mode & OTHERS_WRITE) != 0) {
            return "others";
        }
        return (mode & GROUP_WRITE) != 0 ? "its group" : null;
    }

    /** The folder beside the running jar, whether or not it exists; empty when the app doesn't run from a jar. */
    public static Optional<Path> besideTheJar() {
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
