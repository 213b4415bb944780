package dev.sessionguard.bulk;

import com.slack.api.model.File;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A file an admin uploaded through the bulk form's {@code file_input}, as the submission describes it. Not yet read:
 * {@link BreachFiles} fetches it, after the ack.
 *
 * @param name     the file's name as uploaded, e.g. "breach.csv"; user text, escape it before putting it in mrkdwn
 * @param size     bytes, as Slack reports it
 * @param url      {@code url_private_download}, else {@code url_private}; null when Slack gave neither
 */
public record BreachFile(String id, String name, long size, String mimetype, String filetype, String url) {

    /** Session Guard reads files up to this size (5 MB), so a breach list never fills the heap. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;

    /** Slack's {@code filetype} of a text or CSV upload; Excel's CSV may say {@code application/vnd.ms-excel}. */
    private static final Set<String> TEXT_FILETYPES = Set.of("csv", "text", "txt");
    private static final Set<String> TEXT_MIMETYPES = Set.of("text/plain", "text/csv", "application/csv");
    private static final int NAME_MAX = 100;

    /** The files of a {@code file_input}'s state value, in Slack's order; none when it holds none. */
    public static List<BreachFile> of(List<File> files) {
        return files == null ? List.of() : files.stream().filter(Objects::nonNull).map(BreachFile::from).toList();
    }

    static BreachFile from(File f) {
        String url = f.getUrlPrivateDownload() != null ? f.getUrlPrivateDownload() : f.getUrlPrivate();
        String name = f.getName() != null ? f.getName() : f.getTitle();
        return new BreachFile(f.getId(), name, f.getSize() == null ? 0 : f.getSize(), f.getMimetype(),
                f.getFiletype(), url);
    }

    /** The name in plain words, e.g. in "The file breach.csv could not be read"; cut, as it is user text. */
    public String label() {
        String n = name == null || name.isBlank() ? (id == null ? "(unnamed)" : id) : name.strip();
        return BulkWords.cut(n, NAME_MAX);
    }

    public boolean tooLarge() {
        return size > MAX_BYTES;
    }

    /** Either what Slack calls it or its MIME type says text or CSV: Slack's file_input filter is only a hint. */
    public boolean isTextOrCsv() {
        String type = filetype == null ? "" : filetype.toLowerCase(Locale.ROOT);
        String mime = mimetype == null ? "" : mimetype.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return TEXT_FILETYPES.contains(type) || TEXT_MIMETYPES.contains(mime);
    }

    /** "6.2 MB": megabytes of 1,048,576 bytes, rounded up so that a file just over the limit never reads "5.0 MB". */
    static String megabytes(long bytes) {
        double tenths = Math.ceil(bytes * 10.0 / (1024 * 1024));
        return String.format(Locale.ROOT, "%.1f MB", tenths / 10);
    }
}
