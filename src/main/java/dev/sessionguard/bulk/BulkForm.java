package dev.sessionguard.bulk;

import com.slack.api.model.view.ViewState;
import dev.sessionguard.edge.FormValues;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.signout.ResetScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A submitted bulk form: what to resolve, or the errors to show on its blocks. Pure and fast, because errors can
 * only go back in the submission's ack; finding the people (which can take minutes) comes after.
 *
 * @param request what was picked; the pasted text is kept as typed, for {@link BulkTargets} to parse
 * @param reason  cleaned with {@link dev.sessionguard.text.UserText#clean}, as every form's reason is
 */
public record BulkForm(BulkTargets.Request request, ResetScope scope, String reason, Map<String, String> errors) {

    static final String NOTHING_PICKED =
            "Pick people, channels or user groups, paste emails or user IDs, or upload a breach list.";

    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Pattern ONLY_SEPARATORS = Pattern.compile("[,\\s]*");

    public boolean valid() {
        return errors.isEmpty();
    }

    public static BulkForm read(ViewState state) {
        FormValues values = FormValues.of(state);
        Map<String, String> errors = new LinkedHashMap<>();

        List<String> users = distinct(values.get(BulkModal.PEOPLE_BLOCK).map(ViewState.Value::getSelectedUsers));
        List<String> channels = distinct(values.get(BulkModal.CHANNELS_BLOCK)
                .map(v -> v.getSelectedConversations() != null ? v.getSelectedConversations() : v.getSelectedChannels()));
        List<String> groups = distinct(values.get(BulkModal.GROUPS_BLOCK).map(ViewState.Value::getSelectedOptions)
                .map(o -> o.stream().filter(Objects::nonNull).map(ViewState.SelectedOption::getValue).toList()));
        String pasted = values.get(BulkModal.PASTED_BLOCK).map(ViewState.Value::getValue).orElse("");
        List<BreachFile> files = BreachFile.of(values.get(BulkModal.FILES_BLOCK).map(ViewState.Value::getFiles)
                .orElse(null));

        // Slack's selects only hand over real ids; anything else did not come from this form.
        if (!users.stream().allMatch(Mrkdwn::isUserId)) {
            errors.put(BulkModal.PEOPLE_BLOCK, "Choose people from the list.");
        }
        if (!channels.stream().allMatch(c -> CHANNEL_ID.matcher(c).matches())) {
            errors.put(BulkModal.CHANNELS_BLOCK, "Choose channels from the list.");
        }
        if (!groups.stream().allMatch(g -> GROUP_ID.matcher(g).matches())) {
            errors.put(BulkModal.GROUPS_BLOCK, "Choose user groups from the list.");
        }
        if (pasted.length() > BulkModal.PASTED_MAX) {
            errors.put(BulkModal.PASTED_BLOCK, "Paste at most " + BulkWords.number(BulkModal.PASTED_MAX)
                    + " characters; for more people, upload them as a file, or pick their user group or channel.");
        }
        fileErrors(files).ifPresent(words -> errors.put(BulkModal.FILES_BLOCK, words));
        boolean nothingPasted = ONLY_SEPARATORS.matcher(pasted).matches();
        if (users.isEmpty() && channels.isEmpty() && groups.isEmpty() && nothingPasted && files.isEmpty()) {
            errors.putIfAbsent(BulkModal.PEOPLE_BLOCK, NOTHING_PICKED);
        }

        // The form always shows a selected option; a missing one means the shown default, "All sessions".
        Optional<ViewState.SelectedOption> selected = values.get(BulkModal.SCOPE_BLOCK)
                .map(ViewState.Value::getSelectedOption);
        // Not Optional.map: a null from the mapper would fall through to ALL, turning an unknown value into the widest reset.
        ResetScope scope = selected.isEmpty()
                ? ResetScope.ALL
                : ResetScope.fromValue(selected.get().getValue()).orElse(null);
        if (scope == null) {
            errors.put(BulkModal.SCOPE_BLOCK, "Choose which sessions to end.");
        }

        String reason = values.reason(BulkModal.REASON_BLOCK, BulkModal.REASON_MAX, errors);
        return new BulkForm(new BulkTargets.Request(users, channels, groups, nothingPasted ? "" : pasted, files),
                scope, reason, Map.copyOf(errors));
    }

    /**
     * Only what the submission itself tells: size and type. Whether a file is really text, and how many lines it
     * has, is known only once it is downloaded, after the ack.
     */
    private static Optional<String> fileErrors(List<BreachFile> files) {
        List<String> problems = new ArrayList<>();
        if (files.size() > BulkModal.MAX_FILES) {
            problems.add("Upload at most " + BulkModal.MAX_FILES + " files.");
        }
        for (BreachFile f : files) {
            if (f.url() == null || f.url().isBlank()) {
                problems.add(f.label() + " did not arrive in full; upload it again.");
            } else if (f.tooLarge()) {
                problems.add(f.label() + " is " + BreachFile.megabytes(f.size()) + "; Session Guard reads files up to " + BulkWords.FILE_LIMIT + ".");
            } else if (!f.isTextOrCsv()) {
                problems.add(f.label() + " is not a CSV or text file.");
            }
        }
        // Slack shows at most 2,000 characters of an error; five files' words fit well within it.
        return problems.isEmpty() ? Optional.empty() : Optional.of(BulkWords.cut(String.join(" ", problems), 2000));
    }

    private static List<String> distinct(Optional<List<String>> picked) {
        return picked.map(p -> List.copyOf(new LinkedHashSet<>(p.stream().filter(Objects::nonNull).toList())))
                .orElse(List.of());
    }
}
