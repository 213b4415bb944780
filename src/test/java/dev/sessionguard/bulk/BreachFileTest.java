package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreachFileTest {

    private static File file(String name, String download, String url) {
        File f = new File();
        f.setId("F0000001");
        f.setName(name);
        f.setTitle("Breach list");
        f.setSize(42);
        f.setMimetype("text/csv");
        f.setFiletype("csv");
        f.setUrlPrivateDownload(download);
        f.setUrlPrivate(url);
        return f;
    }

    @Test
    void theDownloadLinkIsPreferredAndThePrivateLinkIsTheFallback() {
        List<BreachFile> files = BreachFile.of(Arrays.asList(
                file("a.csv", "https://files.slack.com/d/a.csv", "https://files.slack.com/a.csv"), null,
                file(null, null, "https://files.slack.com/b.csv")));

        assertThat(files).extracting(BreachFile::url)
                .containsExactly("https://files.slack.com/d/a.csv", "https://files.slack.com/b.csv");
        assertThat(files.get(0)).isEqualTo(new BreachFile("F0000001", "a.csv", 42, "text/csv", "csv",
                "https://files.slack.com/d/a.csv"));
        assertThat(files.get(1).label()).isEqualTo("Breach list");
        assertThat(BreachFile.of(null)).isEmpty();
    }

    @Test
    void aNameIsCutAndAMissingOneFallsBackToTheId() {
        assertThat(new BreachFile("F1", "x".repeat(300), 1, "text/csv", "csv", "u").label()).hasSizeLessThanOrEqualTo(100);
        assertThat(new BreachFile("F1", " ", 1, "text/csv", "csv", "u").label()).isEqualTo("F1");
    }

    @Test
    void textOrCsvByWhatSlackCallsItOrByMimeType() {
        assertThat(new BreachFile("F1", "a", 1, "application/vnd.ms-excel", "csv", "u").isTextOrCsv()).isTrue();
        assertThat(new BreachFile("F1", "a", 1, "TEXT/CSV; charset=UTF-8", "binary", "u").isTextOrCsv()).isTrue();
        assertThat(new BreachFile("F1", "a", 1, "text/plain", null, "u").isTextOrCsv()).isTrue();
        assertThat(new BreachFile("F1", "a", 1, "text/html", "html", "u").isTextOrCsv()).isFalse();
        assertThat(new BreachFile("F1", "a", 1, "application/pdf", "pdf", "u").isTextOrCsv()).isFalse();
        assertThat(new BreachFile("F1", "a", 1, null, null, "u").isTextOrCsv()).isFalse();
    }

    @Test
    void sizesAreMegabytesRoundedUpSoJustOverTheLimitNeverReadsAsTheLimit() {
        assertThat(BreachFile.megabytes(6_500_000)).isEqualTo("6.2 MB");
        assertThat(BreachFile.megabytes(BreachFile.MAX_BYTES)).isEqualTo("5.0 MB");
        assertThat(BreachFile.megabytes(BreachFile.MAX_BYTES + 1)).isEqualTo("5.1 MB");
        assertThat(new BreachFile("F1", "a", BreachFile.MAX_BYTES, "text/csv", "csv", "u").tooLarge()).isFalse();
        assertThat(new BreachFile("F1", "a", BreachFile.MAX_BYTES + 1, "text/csv", "csv", "u").tooLarge()).isTrue();
    }
}
