package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
import dev.sessionguard.slackapi.CurrentPolicy;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.numberInput;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.edge.StatusModal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The session policy modal in each of its states. Pure functions: Block Kit in, nothing sent. */
public final class PolicyModal {

    public static final String CALLBACK_ID = "session_policy";
    public static final String USERS_BLOCK = "policy_users";
    public static final String MODE_BLOCK = "policy_mode";
    public static final String DURATION_BLOCK = "policy_duration";
    public static final String HOURS_BLOCK = "policy_hours";
    public static final String QUIT_BLOCK = "policy_quit";
    /** The duration option that means "use the hours below". */
    public static final String CUSTOM = "custom";
    public static final String QUIT_VALUE = "desktop_app_browser_quit";

    private static final String TITLE = "Session policy";
    private static final String STATUS_CALLBACK_ID = CALLBACK_ID + "_status";
    /** Slack allows 100 blocks in a modal; the form itself needs 7. */
    private static final int MAX_LIST_SECTIONS = 80;

    private PolicyModal() {
    }

    /** Opened at once while the invoker's role is checked: trigger_id lives only 3 seconds. */
    public static View checking(String externalId) {
        return StatusModal.checking(STATUS_CALLBACK_ID, TITLE, externalId);
    }

    /**
     * @param current what Slack reported for the prefilled people; with exactly one person the form starts
     *                from their values
     */
    public static View form(List<String> userIds, List<CurrentPolicy> current) {
        return form(userIds, current, null);
    }

    /** @param note plain words shown on top, e.g. that more people were named than one change may take; or null */
    public static View form(List<String> userIds, List<CurrentPolicy> current, String note) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (note != null) {
            blocks.add(context(c -> c.elements(List.of(markdownText(":warning: " + Mrkdwn.escape(note))))));
        }
        blocks.add(section(s -> s.text(markdownText(
                "Sets how long these people's Slack sessions last, and whether closing the desktop app or browser"
                        + " signs them out. Nothing changes until you press *Apply*. Every change is posted to the"
                        + " audit channel with the old and new values."))));
        blocks.add(input(i -> i.blockId(USERS_BLOCK)
                .label(plainText("People"))
                .element(multiUsersSelect(e -> {
                    e.actionId(USERS_BLOCK).placeholder(plainText("Choose people"));
                    if (!userIds.isEmpty()) {
                        e.initialUsers(userIds);
                    }
                    return e;
                }))));
        if (!current.isEmpty()) {
            List<String> lines = current.stream()
                    .map(p -> Mrkdwn.mention(p.userId()) + " — " + Mrkdwn.escape(p.words())
                            + (p.error() == null ? "" : " (`" + Mrkdwn.escape(p.error()) + "`)"))
                    .toList();
            addListed(blocks, "*Current policy*", lines);
        }
        List<OptionObject> modes = Arrays.stream(PolicyForm.Mode.values())
                .map(m -> option(plainText(m.label()), m.value())).toList();
        blocks.add(input(i -> i.blockId(MODE_BLOCK)
                .label(plainText("What to do"))
                .element(radioButtons(r -> r.actionId(MODE_BLOCK).options(modes).initialOption(modes.get(0))))));

        Optional<CurrentPolicy> only = current.size() == 1 && current.get(0).kind() == CurrentPolicy.Kind.SET
                ? Optional.of(current.get(0)) : Optional.empty();
        Integer seconds = only.map(CurrentPolicy::durationSeconds).orElse(null);
        List<OptionObject> durations = new ArrayList<>();
        for (SessionDuration.Preset p : SessionDuration.Preset.values()) {
            durations.add(option(plainText(p.label()), p.value()));
        }
        durations.add(option(plainText("Custom: the hours below"), CUSTOM));
        OptionObject initialDuration = seconds == null ? null
                : SessionDuration.Preset.of(seconds).map(p -> durations.get(p.ordinal())).orElse(durations.get(durations.size() - 1));
        String initialHours = seconds != null && SessionDuration.Preset.of(seconds).isEmpty() && seconds % 3600 == 0
                ? Integer.toString(seconds / 3600) : null;
        blocks.add(input(i -> i.blockId(DURATION_BLOCK)
                .label(plainText("Session duration"))
                .hint(plainText("After this long, people must sign in again. Needed when setting."))
                .optional(true)
                .element(staticSelect(e -> {
                    e.actionId(DURATION_BLOCK).placeholder(plainText("Choose a duration")).options(durations);
                    if (initialDuration != null) {
                        e.initialOption(initialDuration);
                    }
                    return e;
                }))));
        blocks.add(input(i -> i.blockId(HOURS_BLOCK)
                .label(plainText("Custom duration in hours"))
                .hint(plainText(SessionDuration.MIN_HOURS + " to " + String.format("%,d", SessionDuration.MAX_HOURS)
                        + " hours (8 hours to 10 years)."))
                .optional(true)
                .element(numberInput(e -> {
                    e.actionId(HOURS_BLOCK).decimalAllowed(false)
                            .minValue(Integer.toString(SessionDuration.MIN_HOURS))
                            .maxValue(Integer.toString(SessionDuration.MAX_HOURS));
                    if (initialHours != null) {
                        e.initialValue(initialHours);
                    }
                    return e;
                }))));
        OptionObject quit = option(plainText("Sign out when the desktop app or browser closes"), QUIT_VALUE);
        boolean quitOn = only.map(CurrentPolicy::closeOnQuit).map(Boolean.TRUE::equals).orElse(false);
        blocks.add(input(i -> i.blockId(QUIT_BLOCK)
                .label(plainText("On close"))
                .optional(true)
                .element(checkboxes(c -> {
                    c.actionId(QUIT_BLOCK).options(List.of(quit));
                    if (quitOn) {
                        c.initialOptions(List.of(quit));
                    }
                    return c;
                }))));
        return view(v -> v.type("modal").callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text(TITLE)))
                .submit(viewSubmit(t -> t.type("plain_text").text("Apply")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /** Shown in the submission's ack while Slack works. */
    public static View working(PolicyForm.Mode mode, int people) {
        return status(":hourglass_flowing_sand: Checking your role again and "
                + (mode == PolicyForm.Mode.CLEAR ? "clearing" : "setting") + " the session policy of " + people
                + (people == 1 ? " person" : " people") + "…");
    }

    static final String NOTHING_CHANGED = "Nothing was changed.";

    public static View refused(GateDecision decision) {
        return status(decision.refusalText(NOTHING_CHANGED));
    }

    /** Each person's outcome with the old and new values, in the same words the audit channel gets. */
    public static View result(PolicyForm.Mode mode, String newValues, List<TargetResult> results, boolean recorded) {
        long done = count(results, TargetResult.Status.DONE);
        long notChanged = count(results, TargetResult.Status.NOT_ATTEMPTED); // protected accounts
        long failed = results.size() - done - notChanged; // failed, or unknown after an interruption
        String head = (failed == 0 && notChanged == 0 ? ":white_check_mark: *" : ":warning: *")
                + (mode == PolicyForm.Mode.CLEAR ? "Policy cleared for " : "Policy set for ") + done + " of "
                + results.size() + "*" + (notChanged > 0 ? ", " + notChanged + " not changed" : "")
                + (failed > 0 ? ", " + failed + " failed" : "")
                + "\n*New values:* " + Mrkdwn.escape(newValues) + "\n" + AuditMessage.recordedNote(recorded);
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(head))));
        addListed(blocks, null, results.stream().map(AuditMessage::targetLine).toList());
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, blocks);
    }

    /** The result as message text, for when the modal is gone. */
    public static String resultText(PolicyForm.Mode mode, String newValues, List<TargetResult> results,
            boolean recorded) {
        StringBuilder s = new StringBuilder(mode == PolicyForm.Mode.CLEAR ? "Session policy cleared" : "Session policy set")
                .append(". New values: ").append(Mrkdwn.escape(newValues)).append(". ")
                .append(AuditMessage.recordedNote(recorded));
        results.forEach(r -> s.append('\n').append(AuditMessage.targetLine(r)));
        return s.toString();
    }

    private static long count(List<TargetResult> results, TargetResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static void addListed(List<LayoutBlock> blocks, String heading, List<String> lines) {
        List<String> all = new ArrayList<>();
        if (heading != null) {
            all.add(heading);
        }
        all.addAll(lines);
        List<String> chunks = AuditMessage.chunk(all);
        chunks.stream().limit(MAX_LIST_SECTIONS).forEach(t -> blocks.add(section(s -> s.text(markdownText(t)))));
        if (chunks.size() > MAX_LIST_SECTIONS) {
            blocks.add(context(c -> c.elements(List.of(markdownText("…and more not shown here.")))));
        }
    }

    private static View status(String mrkdwn) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, mrkdwn);
    }
}
