package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sessionguard.storage.StartFolder.Trust;
import dev.sessionguard.support.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StartFolder#check} on real files: the folder the build leaves beside the jar is trusted, one another local
 * user could have made or changed is not. The jar's folder is the test's own temporary folder (0700).
 */
class StartFolderTest {

    private static final long NOBODY = 65534;

    @TempDir
    Path jarFolder;
    private Path folder;
    private Path template;
    private Path library;
    private long me;

    @BeforeEach
    void aFolderAsTheBuildLeavesIt() throws Exception {
        me = ProcessUser.uid().orElseThrow();
        folder = Files.createDirectories(jarFolder.resolve(StartFolder.NAME));
        template = Files.writeString(NewDatabase.templatePath(folder), "the build's empty database");
        library = SqliteLibrary.copyPath(folder);
        Files.createDirectories(library.getParent());
        Files.writeString(library, "the build's library");
    }

    /**
     * Makes {@code path} another user's and says as whom to check it: as root, it goes to nobody (65534); as anyone
     * else (who can't give a file away), it stays ours and is checked as if by another user.
     */
    private long someoneElseOwns(Path path) throws Exception {
        if (me == 0) {
            Files.setAttribute(path, "unix:uid", (int) NOBODY, LinkOption.NOFOLLOW_LINKS);
            return me;
        }
        return me + 1;
    }

    private long owner(Path path) throws Exception {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static void mode(Path path, String permissions) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    @Test
    void theFolderTheBuildLeftBesideTheJarIsTrustedForTheTemplateAndTheLibrary() {
        assertThat(StartFolder.check(folder, template, me)).isEqualTo(Trust.TRUSTED);
        assertThat(StartFolder.check(folder, library, me)).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void filesRootOwnsAreTrustedByAnyUser() throws Exception {
        if (me == 0) {
            // root's files, checked by an unprivileged user (the container's, whose folder root built)
            assertThat(StartFolder.check(folder, library, 10001)).isEqualTo(Trust.TRUSTED);
        } else {
            // ours, not root's: another unprivileged user doesn't trust them
            assertThat(StartFolder.check(folder, library, me + 1)).isInstanceOf(Trust.Refused.class);
        }
    }

    @Test
    void aFolderAnotherUserCreatedIsRefused() throws Exception {
        long as = someoneElseOwns(folder);

        assertThat(StartFolder.check(folder, template, as))
                .isEqualTo(new Trust.Refused(folder + " belongs to another user (uid " + owner(folder) + ")"));
    }

    @Test
    void aTemplateOrLibraryOrAFolderOnTheWayThatAnotherUserOwnsIsRefused() throws Exception {
        Path platform = library.getParent();
        long as = someoneElseOwns(platform);

        assertThat(StartFolder.check(folder, library, as))
                .isEqualTo(new Trust.Refused(platform + " belongs to another user (uid " + owner(platform) + ")"));
        if (me == 0) {
            Files.setAttribute(platform, "unix:uid", 0);
            someoneElseOwns(template);
            assertThat(StartFolder.check(folder, template, me))
                    .isEqualTo(new Trust.Refused(template + " belongs to another user (uid " + NOBODY + ")"));
        }
    }

    @Test
    void aFolderItsGroupOrOthersCanWriteIsRefused() throws Exception {
        mode(folder, "rwxrwxr-x");
        assertThat(StartFolder.check(folder, template, me))
                .isEqualTo(new Trust.Refused(folder + " is writable by its group"));

        mode(folder, "rwxr-xr-x");
        Path version = folder.relativize(library).getName(0);
        mode(folder.resolve(version), "rwxr-xrwx");
        assertThat(StartFolder.check(folder, library, me))
                .isEqualTo(new Trust.Refused(folder.resolve(version) + " is writable by others"));
        assertThat(StartFolder.check(folder, template, me)).as("another file's folder").isEqualTo(Trust.TRUSTED);
    }

    @Test
    void aTemplateOthersCanWriteIsRefused() throws Exception {
        mode(template, "rw-rw-rw-");

        assertThat(StartFolder.check(folder, template, me))
                .isEqualTo(new Trust.Refused(template + " is writable by others"));
    }

    @Test
    void aJarInAWorldWritableStickyFolderTrustsNothingBesideIt() throws Exception {
        // /tmp: anyone could have created session-guard-start/ there first, sticky bit or not.
        mode(jarFolder, "rwxrwxrwx");
        Files.setAttribute(jarFolder, "unix:mode", 01777);

        assertThat(StartFolder.check(folder, template, me))
                .isEqualTo(new Trust.Refused(jarFolder + " is writable by others"));
        assertThat(StartFolder.check(folder, library, me))
                .isEqualTo(new Trust.Refused(jarFolder + " is writable by others"));
    }

    @Test
    void aSymlinkedTemplateOrStartFolderIsRefusedEvenWhenWhatItPointsAtIsOurs() throws Exception {
        Path real = Files.move(template, jarFolder.resolve("elsewhere.db"));
        Files.createSymbolicLink(template, real);
        assertThat(StartFolder.check(folder, template, me))
                .isEqualTo(new Trust.Refused(template + " is a symbolic link"));

        Path linkedFolder = jarFolder.resolve("linked");
        Files.createSymbolicLink(linkedFolder, folder);
        assertThat(StartFolder.check(linkedFolder, linkedFolder.resolve(template.getFileName()), me))
                .isEqualTo(new Trust.Refused(linkedFolder + " is a symbolic link"));
    }

    @Test
    void aFileThatIsNotThereIsMissingNotRefused() throws Exception {
        assertThat(StartFolder.check(folder, folder.resolve("new-database-v0.db"), me)).isEqualTo(Trust.MISSING);
        Path noFolder = jarFolder.resolve("no-" + StartFolder.NAME);
        assertThat(StartFolder.check(noFolder, noFolder.resolve("x.db"), me)).isEqualTo(Trust.MISSING);
    }

    @Test
    void aFileOutsideTheFolderIsAMistake() {
        assertThatThrownBy(() -> StartFolder.check(folder, jarFolder.resolve("session-guard.jar"), me))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedFolderIsSaidOnceInOneWarnLineAndNothingMoreIsUsedFromIt() throws Exception {
        mode(folder, "rwxrwxrwx");
        StartFolder start = new StartFolder(folder, OptionalLong.of(me));
        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(start.use(template)).isEmpty();
            mode(folder, "rwxr-xr-x"); // even were it put right meanwhile: this start has made up its mind
            assertThat(start.use(library)).isEmpty();

            assertThat(logs.from(StartFolder.class, Level.WARN)).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("Not using session-guard-start/ (" + folder + " is writable by others): starting without it");
        }
    }

    @Test
    void aTrustedFolderIsUsedSilentlyAndAMissingFileIsNotAProblem() throws Exception {
        StartFolder start = new StartFolder(folder, OptionalLong.of(me));
        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(start.use(folder.resolve("new-database-v0.db"))).isEmpty();
            assertThat(start.use(template)).contains(template);
            assertThat(start.use(library)).contains(library);

            assertThat(logs.from(StartFolder.class, Level.WARN)).isEmpty();
        }
    }

    @Test
    void whenTheProcessesUserCantBeToldNothingIsTrusted() {
        StartFolder start = new StartFolder(folder, OptionalLong.empty());
        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(start.use(template)).isEmpty();
            assertThat(logs.from(StartFolder.class, Level.WARN)).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("the user running the app can't be told");
        }
    }

    @Test
    void theProcessesUserIsTheOwnerOfTheFilesItCreates() throws Exception {
        assertThat(ProcessUser.uid()).hasValue(owner(template));
    }
}
