package dev.sessionguard.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The user this process runs as, by number: the owner files it creates get. {@code user.name} is not it (it comes
 * from the environment and can be anything).
 */
final class ProcessUser {

    private static final OptionalLong UID = find();

    private ProcessUser() {
    }

    /** The process's effective uid; empty where it can't be told (then nothing is trusted by owner). */
    static OptionalLong uid() {
        return UID;
    }

    private static OptionalLong find() {
        // Linux gives /proc/self the process's effective uid (or root's, for a process that may not be inspected,
        // which only makes the owner checks stricter): one stat call. UnixSystem loads a native library and looks the
        // user up by name, a few milliseconds of every start, so it is only the fallback (macOS has no /proc).
        try {
            return OptionalLong.of(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
        } catch (IOException | RuntimeException e) {
            // no /proc, or no unix attribute view
        }
        try {
            return OptionalLong.of(new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (RuntimeException | LinkageError e) {
            return OptionalLong.empty();
        }
    }
}
