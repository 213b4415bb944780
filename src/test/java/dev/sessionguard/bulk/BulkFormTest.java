package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.sessionguard.reset.ResetForm;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.support.StateValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkFormTest {

    private static StateValues state() {
        return new StateValues();
    }

    private static StateValues people(StateValues s, String... ids) {
        return s.users(BulkModal.PEOPLE_BLOCK, BulkModal.PEOPLE_ACTION, List.of(ids));
    }

    private static StateValues channels(StateValues s, String... ids) {
        return s.conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of(ids));
    }

    private static StateValues groups(StateValues s, String... ids) {
        return s.options(BulkModal.GROUPS_BLOCK, BulkModal.GROUPS_ACTION, "multi_static_select", List.of(ids));
    }

    private static StateValues pasted(StateValues s, String text) {
        return s.text(BulkModal.PASTED_BLOCK, BulkModal.PASTED_ACTION, "plain_text_input", text);
    }

    private static StateValues files(StateValues s, JsonObject... files) {
        return s.files(BulkModal.FILES_BLOCK, BulkModal.FILES_ACTION, List.of(files));
    }

    /** A file object as a file_input's state lists it; {@code FakeSlack.file} makes real ones. */
    private static JsonObject file(String name, long size, String mimetype, String filetype) {
        JsonObject f = new JsonObject();
        f.addProperty("id", "F0" + Math.abs(name.hashCode()));
        f.addProperty("name", name);
        f.addProperty("title", name);
        f.addProperty("size", size);
        f.addProperty("mimetype", mimetype);
        f.addProperty("filetype", filetype);
        f.addProperty("url_private", "https://files.slack.com/files-pri/T1-F1/" + name);
        f.addProperty("url_private_download", "https://files.slack.com/files-pri/T1-F1/download/" + name);
        return f;
    }

    private static StateValues scope(StateValues s, String value) {
        return s.option(BulkModal.SCOPE_BLOCK, BulkModal.SCOPE_ACTION, "radio_buttons", value);
    }

    private static StateValues reason(StateValues s, String text) {
        return s.text(BulkModal.REASON_BLOCK, BulkModal.REASON_ACTION, "plain_text_input", text);
    }

    private static BulkForm read(StateValues s) {
        return BulkForm.read(s.viewState());
    }

    @Test
    void everySourcePickedBecomesTheRequestInOrderAndEachOnce() {
        StateValues s = reason(scope(pasted(groups(channels(people(state(), "W0000002", "W0000001", "W0000002"),
                "C0000001", "G0000002"), "S0000001"), "a@example.com\nW0000003, b@example.com"), "web"), "INC-1");

        BulkForm form = read(s);

        assertThat(form.valid()).isTrue();
        assertThat(form.errors()).isEmpty();
        assertThat(form.request()).isEqualTo(new BulkTargets.Request(List.of("W0000002", "W0000001"),
                List.of("C0000001", "G0000002"), List.of("S0000001"), "a@example.com\nW0000003, b@example.com"));
        assertThat(form.scope()).isEqualTo(ResetScope.WEB);
        assertThat(form.reason()).isEqualTo("INC-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"people", "channels", "groups", "pasted", "file"})
    void anyOneSourceIsEnough(String source) {
        StateValues s = reason(state(), "INC-1");
        switch (source) {
            case "people" -> people(s, "W0000001");
            case "channels" -> channels(s, "C0000001");
            case "groups" -> groups(s, "S0000001");
            case "file" -> files(s, file("breach.csv", 1000, "text/csv", "csv"));
            default -> pasted(s, "a@example.com");
        }

        assertThat(read(s).errors()).isEmpty();
    }

    @Test
    void nothingPickedIsOneErrorOnThePeopleBlock() {
        StateValues empty = reason(pasted(groups(channels(people(state()))), " ,\n\t, "), "INC-1");

        BulkForm form = read(empty);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsExactlyEntriesOf(Map.of(BulkModal.PEOPLE_BLOCK,
                "Pick people, channels or user groups, paste emails or user IDs, or upload a breach list."));
        assertThat(read(reason(state(), "INC-1")).errors()).containsOnlyKeys(BulkModal.PEOPLE_BLOCK);
    }

    @Test
    void pastedTextIsKeptAsTypedForTheResolverToParse() {
        String typed = "  <!channel> & <script>\r\nW0000001,,a@example.com  ";

        assertThat(read(reason(pasted(state(), typed), "INC-1")).request().pasted()).isEqualTo(typed);
    }

    @Test
    void pastedTextOverSlacksLimitIsRefused() {
        assertThat(read(reason(pasted(state(), "a".repeat(3001)), "INC-1")).errors())
                .containsOnlyKeys(BulkModal.PASTED_BLOCK);
        assertThat(read(reason(pasted(state(), "a".repeat(3000)), "INC-1")).errors()).isEmpty();
    }

    @Test
    void idsThatDidNotComeFromSlacksSelectsAreRefused() {
        StateValues forged = reason(groups(channels(people(state(), "<!channel>"), "#general"), "all"), "INC-1");

        assertThat(read(forged).errors()).containsOnlyKeys(BulkModal.PEOPLE_BLOCK, BulkModal.CHANNELS_BLOCK,
                BulkModal.GROUPS_BLOCK);
    }

    @Test
    void theReasonIsRequiredCleanedAndCappedInTheResetFormsWords() {
        StateValues noReason = people(state(), "W0000001");
        StateValues tooLong = reason(people(state(), "W0000001"), "x".repeat(3001));
        ResetForm resetNoReason = ResetForm.read(new StateValues()
                .users(ResetModal.USERS_BLOCK, ResetModal.USERS_ACTION, List.of("W0000001")).viewState(), 50);

        assertThat(read(noReason).errors().get(BulkModal.REASON_BLOCK))
                .isEqualTo(resetNoReason.errors().get(ResetModal.REASON_BLOCK))
                .isEqualTo("Give a reason: it is posted to the audit channel.");
        assertThat(read(tooLong).errors().get(BulkModal.REASON_BLOCK)).isEqualTo("Keep the reason under 3000 characters.");
        assertThat(read(reason(people(state(), "W0000001"), "  INC\u202E-1\r\nnext ")).reason()).isEqualTo("INC-1\nnext");
    }

    @Test
    void noScopeChosenMeansTheShownDefaultAndAnUnknownOneIsAnError() {
        StateValues base = reason(people(state(), "W0000001"), "INC-1");

        assertThat(read(base).scope()).isEqualTo(ResetScope.ALL);
        assertThat(read(scope(reason(people(state(), "W0000001"), "INC-1"), "mobile")).scope()).isEqualTo(ResetScope.MOBILE);
        BulkForm junk = read(scope(reason(people(state(), "W0000001"), "INC-1"), "everything"));
        assertThat(junk.scope()).isNull();
        assertThat(junk.errors()).containsOnlyKeys(BulkModal.SCOPE_BLOCK);
    }

    @Test
    void aMissingStateIsAnInvalidForm() {
        BulkForm form = BulkForm.read(null);

        assertThat(form.errors()).containsOnlyKeys(BulkModal.PEOPLE_BLOCK, BulkModal.REASON_BLOCK);
        assertThat(form.request()).isEqualTo(new BulkTargets.Request(List.of(), List.of(), List.of(), ""));
    }

    @Test
    void uploadedFilesBecomeTheRequestsFilesWithTheirDownloadLinks() {
        BulkForm form = read(reason(files(state(), file("breach.csv", 1234, "text/csv", "csv"),
                file("ids.txt", 10, "text/plain", "text")), "INC-1"));

        assertThat(form.errors()).isEmpty();
        assertThat(form.request().files()).containsExactly(
                new BreachFile("F0" + Math.abs("breach.csv".hashCode()), "breach.csv", 1234, "text/csv", "csv",
                        "https://files.slack.com/files-pri/T1-F1/download/breach.csv"),
                new BreachFile("F0" + Math.abs("ids.txt".hashCode()), "ids.txt", 10, "text/plain", "text",
                        "https://files.slack.com/files-pri/T1-F1/download/ids.txt"));
    }

    @Test
    void aFileOverFiveMegabytesIsAnErrorOnTheFileBlockNamingItsSize() {
        BulkForm form = read(reason(files(state(), file("breach.csv", 6_500_000, "text/csv", "csv")), "INC-1"));

        assertThat(form.errors()).containsExactlyEntriesOf(Map.of(BulkModal.FILES_BLOCK,
                "breach.csv is 6.2 MB; Session Guard reads files up to 5 MB."));
        assertThat(read(reason(files(state(), file("edge.csv", BreachFile.MAX_BYTES, "text/csv", "csv")), "INC-1"))
                .errors()).isEmpty();
        assertThat(read(reason(files(state(), file("edge.csv", BreachFile.MAX_BYTES + 1, "text/csv", "csv")), "INC-1"))
                .errors().get(BulkModal.FILES_BLOCK)).isEqualTo("edge.csv is 5.1 MB; Session Guard reads files up to 5 MB.");
    }

    @Test
    void aFileThatIsNeitherCsvNorTextIsAnErrorOnTheFileBlock() {
        BulkForm form = read(reason(files(state(), file("dump.xlsx", 100,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
                file("ok.csv", 100, "text/csv", "csv")), "INC-1"));

        assertThat(form.errors()).containsExactlyEntriesOf(Map.of(BulkModal.FILES_BLOCK,
                "dump.xlsx is not a CSV or text file."));
    }

    @Test
    void excelsCsvMimeTypeAndACharsetAreStillCsvOrText() {
        assertThat(read(reason(files(state(), file("a.csv", 10, "application/vnd.ms-excel", "csv"),
                file("b.txt", 10, "text/plain; charset=utf-8", "text")), "INC-1")).errors()).isEmpty();
    }

    @Test
    void everyBadFileIsNamedInOneErrorAndAFileStillCountsAsSomethingPicked() {
        BulkForm form = read(reason(files(state(), file("big.csv", 7_000_000, "text/csv", "csv"),
                file("photo.png", 10, "image/png", "png")), "INC-1"));

        assertThat(form.errors()).containsOnlyKeys(BulkModal.FILES_BLOCK);
        assertThat(form.errors().get(BulkModal.FILES_BLOCK))
                .isEqualTo("big.csv is 6.7 MB; Session Guard reads files up to 5 MB. photo.png is not a CSV or text file.");
    }

    @Test
    void moreFilesThanTheFormOffersAreRefused() {
        JsonObject[] six = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> file("f" + i + ".csv", 10, "text/csv", "csv")).toArray(JsonObject[]::new);

        assertThat(read(reason(files(state(), six), "INC-1")).errors().get(BulkModal.FILES_BLOCK))
                .isEqualTo("Upload at most 5 files.");
    }

    @Test
    void noFilesIsAnEmptyListNotAnError() {
        BulkForm form = read(reason(files(people(state(), "W0000001")), "INC-1"));

        assertThat(form.errors()).isEmpty();
        assertThat(form.request().files()).isEmpty();
    }
    @Test
    void fiveFilesAreTakenASixthIsAnErrorAndAFileWithoutALinkDidNotArrive() {
        JsonObject[] five = java.util.stream.IntStream.range(0, 5)
                .mapToObj(n -> file("list" + n + ".csv", 100, "text/csv", "csv")).toArray(JsonObject[]::new);
        JsonObject[] six = java.util.stream.IntStream.range(0, 6)
                .mapToObj(n -> file("list" + n + ".csv", 100, "text/csv", "csv")).toArray(JsonObject[]::new);
        JsonObject unlinked = file("half.csv", 100, "text/csv", "csv");
        unlinked.remove("url_private");
        unlinked.remove("url_private_download");

        assertThat(read(reason(files(state(), five), "INC-1")).errors()).doesNotContainKey(BulkModal.FILES_BLOCK);
        assertThat(read(reason(files(state(), six), "INC-1")).errors().get(BulkModal.FILES_BLOCK))
                .isEqualTo("Upload at most 5 files.");
        assertThat(read(reason(files(state(), unlinked), "INC-1")).errors().get(BulkModal.FILES_BLOCK))
                .isEqualTo("half.csv did not arrive in full; upload it again.");
    }

    @Test
    void pastedSeparatorsAloneAreNothingPastedAndAreNotPassedOn() {
        BulkForm form = read(reason(pasted(people(state(), "W0000001"), " ,\n, "), "INC-1"));

        assertThat(form.errors()).isEmpty();
        assertThat(form.request().pasted()).isEmpty();
        assertThat(read(reason(pasted(state(), " , "), "INC-1")).errors()).containsKey(BulkModal.PEOPLE_BLOCK);
    }
}
