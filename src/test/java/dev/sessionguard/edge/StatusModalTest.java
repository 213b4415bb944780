package dev.sessionguard.edge;

import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusModalTest {

    @Test
    void aStatusModalHasItsFeaturesCallbackAndTitleAndOnlyAClose() {
        JsonObject view = object(StatusModal.of("feature_status", "Feature", "*Working*"));

        assertThat(view.get("type").getAsString()).isEqualTo("modal");
        assertThat(view.get("callback_id").getAsString()).isEqualTo("feature_status");
        assertThat(view.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Feature");
        assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Close");
        assertThat(view.has("submit")).isFalse();
        assertThat(sectionTexts(view.getAsJsonArray("blocks"))).containsExactly("*Working*");
    }

    @Test
    void checkingCarriesTheExternalIdSoTheEdgeCanUpdateIt() {
        JsonObject view = object(StatusModal.checking("feature_status", "Feature", "ext-1"));

        assertThat(view.get("external_id").getAsString()).isEqualTo("ext-1");
        assertThat(sectionTexts(view.getAsJsonArray("blocks"))).containsExactly(StatusModal.CHECKING);
    }

    @Test
    void anOverlongTextIsCutToOneSectionSlackAccepts() {
        String text = sectionTexts(object(StatusModal.of("f", "F", "x".repeat(5000))).getAsJsonArray("blocks")).get(0);

        assertThat(text).hasSize(StatusModal.SECTION_MAX).endsWith("…");
    }

    @Test
    void aTitleOrBlockCountSlackWouldRefuseFailsHereInstead() {
        List<LayoutBlock> many = Collections.nCopies(101, SectionBlock.builder().build());

        assertThatThrownBy(() -> StatusModal.of("f", "A title far over twenty-four", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusModal.of("f", "F", many)).isInstanceOf(IllegalArgumentException.class);
    }
}
