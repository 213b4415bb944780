package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.view.ViewState;
import dev.sessionguard.support.StateValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormValuesTest {

    @Test
    void aBlockIsReadWhateverItsActionIdIs() {
        ViewState state = new StateValues().text("reason", "renamed_action", "plain_text_input", "lost").viewState();

        assertThat(FormValues.of(state).get("reason").map(ViewState.Value::getValue)).contains("lost");
    }

    @Test
    void aMissingStateReadsAsNothingFilledIn() {
        assertThat(FormValues.of(null).get("reason")).isEmpty();
        assertThat(FormValues.of(new ViewState()).get("reason")).isEmpty();
    }

    @Test
    void aReasonIsCleanedAndRequiredWithinItsMaximum() {
        Map<String, String> errors = new LinkedHashMap<>();
        ViewState typed = new StateValues().text("r", "r", "plain_text_input", "  lost\u202E phone\r\n ").viewState();

        assertThat(FormValues.of(typed).reason("r", 10, errors)).isEqualTo("lost phone");
        assertThat(errors).isEmpty();

        FormValues.of(new StateValues().text("r", "r", "plain_text_input", " \t ").viewState()).reason("r", 10, errors);
        assertThat(errors).containsEntry("r", "Give a reason: it is posted to the audit channel.");

        errors.clear();
        FormValues.of(new StateValues().text("r", "r", "plain_text_input", "x".repeat(11)).viewState()).reason("r", 10, errors);
        assertThat(errors).containsEntry("r", "Keep the reason under 10 characters.");
    }
}
