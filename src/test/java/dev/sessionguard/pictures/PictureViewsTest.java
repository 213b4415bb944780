package dev.sessionguard.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.support.BlockKitJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs' pictures are drawn from the views as they are: this keeps their generator building against the
 * current views, and checks the renderer can draw everything the views now use. No browser needed.
 */
class PictureViewsTest {

    private static final Path RENDERER = Path.of("docs/tools/blockkit/render.js");
    private static final Pattern MENTION = Pattern.compile("<@([A-Z0-9]+)>");

    @TempDir
    Path dir;

    @Test
    void generatorWritesOneViewWithBlocksForEachPicture() throws IOException {
        List<Path> written = PictureViews.write(dir);

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(PictureViews.NAMES.stream().map(n -> n + ".json").toList());
        for (Path file : written) {
            JsonObject json = read(file);
            assertThat(json.getAsJsonArray("blocks")).as(file.toString()).isNotEmpty();
            if (json.get("type").getAsString().equals("modal")) {
                assertThat(json.getAsJsonObject("title").get("text").getAsString()).as(file.toString()).isNotBlank();
            } else {
                assertThat(json.get("type").getAsString()).isEqualTo("message");
                assertThat(json.get("text").getAsString()).isNotBlank();
            }
        }
        assertThat(dir.resolve("people.json")).exists();
    }

    @Test
    void rendererDrawsEveryBlockAndElementTypeThePicturesUse() throws IOException {
        Set<String> drawn = new TreeSet<>();
        Matcher cases = Pattern.compile("case '([a-z_]+)'").matcher(Files.readString(RENDERER, StandardCharsets.UTF_8));
        while (cases.find()) {
            drawn.add(cases.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (Path file : PictureViews.write(dir)) {
            for (JsonElement block : read(file).getAsJsonArray("blocks")) {
                collectTypes(block, used);
            }
        }
        // Texts and options are drawn by the elements that hold them.
        used.removeAll(Set.of("plain_text", "mrkdwn"));

        assertThat(drawn).containsAll(used);
    }

    @Test
    void everyoneMentionedHasASampleName() throws IOException {
        Set<String> mentioned = new TreeSet<>();
        for (Path file : PictureViews.write(dir)) {
            for (String s : BlockKitJson.strings(read(file))) {
                Matcher m = MENTION.matcher(s);
                while (m.find()) {
                    mentioned.add(m.group(1));
                }
            }
        }

        assertThat(mentioned).isNotEmpty();
        assertThat(PictureViews.PEOPLE.keySet()).containsAll(mentioned);
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static void collectTypes(JsonElement e, Set<String> out) {
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            a.forEach(x -> collectTypes(x, out));
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("type") && o.get("type").isJsonPrimitive()) {
                out.add(o.get("type").getAsString());
            }
            o.entrySet().forEach(entry -> collectTypes(entry.getValue(), out));
        }
    }
}
