package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
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

/** The reset modal in each of its states. Pure functions: Block Kit in, nothing sent. */
public final class ResetModal {

    public static final String CALLBACK_ID = "session_reset";
    public static final String USERS_BLOCK = "users";
    public static final String USERS_ACTION = "users";
    public static final String SCOPE_BLOCK = "scope";
    public static final String SCOPE_ACTION = "scope";
    public static final String REASON_BLOCK = "reason";
    public static final String REASON_ACTION = "reason";
    public static final int REASON_MAX = SignOutService.REASON_MAX;
    /** A way from the form into the session console, outside the form's inputs (ResetListeners opens it through an Opener). */
    public static final String CONSOLE_BLOCK = "console";
    public static final String CONSOLE_ACTION = "reset_form_open_console";

    private static final String TITLE = "Sign people out";
    private static final String STATUS_CALLBACK_ID = CALLBACK_ID + "_status";
    /** Slack allows 100 blocks in a modal; leave room for the summary. */
    private static final int MAX_RESULT_SECTIONS = 90;

    private ResetModal() {
    }

    /** Opened at once while the invoker's role is checked: trigger_id lives only 3 seconds. */
    public static View checking(String externalId) {
        return StatusModal.checking(STATUS_CALLBACK_ID, TITLE, externalId);
    }

    public static View form(Prefill prefill) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (prefill.note() != null) {
            blocks.add(context(c -> c.elements(List.of(markdownText(Mrkdwn.escape(prefill.note()))))));
        }
        blocks.add(section(s -> s.text(markdownText(
                "Signs the people you choose out of Slack on the sessions you pick; they will have to sign in again."
                        + " Nothing happens until you press *Sign out*. Every attempt is posted to the audit channel."))));
        blocks.add(input(i -> i.blockId(USERS_BLOCK)
                .label(plainText("Users to sign out"))
                .element(multiUsersSelect(e -> {
                    e.actionId(USERS_ACTION).placeholder(plainText("Choose people"));
                    if (!prefill.userIds().isEmpty()) {
                        e.initialUsers(prefill.userIds());
                    }
                    return e;
                }))));
        List<OptionObject> options = Arrays.stream(ResetScope.values())
                .map(s -> option(plainText(s.label()), s.value())).toList();
        OptionObject initial = options.get(prefill.scope().ordinal());
        blocks.add(input(i -> i.blockId(SCOPE_BLOCK)
                .label(plainText("Sessions to end"))
                .element(radioButtons(r -> r.actionId(SCOPE_ACTION).options(options).initialOption(initial)))));
        String reason = prefill.reason().length() > REASON_MAX ? prefill.reason().substring(0, REASON_MAX) : prefill.reason();
        blocks.add(input(i -> i.blockId(REASON_BLOCK)
                .label(plainText("Reason"))
                .hint(plainText("Posted to the audit channel. For example: laptop reported stolen, INC-1234."))
                .element(plainTextInput(p -> {
                    p.actionId(REASON_ACTION).multiline(true).maxLength(REASON_MAX);
                    if (!reason.isBlank()) {
                        p.initialValue(reason);
                    }
                    return p;
                }))));
        blocks.add(actions(a -> a.blockId(CONSOLE_BLOCK).elements(List.of(button(b -> b
                .actionId(CONSOLE_ACTION)
                .text(plainText("Inspect sessions…"))
                .value("console"))))));
        return view(v -> v.type("modal").callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text(TITLE)))
                .submit(viewSubmit(t -> t.type("plain_text").text("Sign out")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /** Shown in the submission's ack while Slack works. */
    public static View working(int people) {
        return modal(":hourglass_flowing_sand: Checking your role again and signing out " + people
                + (people == 1 ? " person" : " people") + "… This can take a minute when Slack rate-limits.", null);
    }

    static final String NOTHING_CHANGED = "Nothing was changed.";

    public static View refused(GateDecision decision) {
        return modal(decision.refusalText(NOTHING_CHANGED), null);
    }

    /** Each person's outcome, in the same words the audit channel gets, and whether the audit trail has it. */
    public static View result(ResetScope scope, List<TargetResult> results, boolean recorded) {
        return modal(summary(results) + "\n*Scope:* " + scope.label() + "\n" + AuditMessage.recordedNote(recorded), results);
    }

    /** The result as message text, for when the modal is gone. */
    public static String resultText(ResetScope scope, List<TargetResult> results, boolean recorded) {
        StringBuilder s = new StringBuilder(summary(results)).append("\n*Scope:* ").append(scope.label())
                .append('\n').append(AuditMessage.recordedNote(recorded));
        results.forEach(r -> s.append('\n').append(AuditMessage.targetLine(r)));
        return s.toString();
    }

    static String summary(List<TargetResult> results) {
        long done = count(results, TargetResult.Status.DONE);
        long skipped = count(results, TargetResult.Status.NOT_ATTEMPTED);
        long failed = count(results, TargetResult.Status.FAILED);
        List<String> parts = new ArrayList<>();
        parts.add("*" + done + " signed out*");
        if (skipped > 0) {
            parts.add(skipped + " not attempted");
        }
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        return (failed == 0 && skipped == 0 ? ":white_check_mark: " : ":warning: ") + String.join(", ", parts);
    }

    private static long count(List<TargetResult> results, TargetResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static View modal(String mrkdwn, List<TargetResult> results) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(mrkdwn))));
        if (results != null) {
            List<String> chunks = AuditMessage.chunk(results.stream().map(AuditMessage::targetLine).toList());
            chunks.stream().limit(MAX_RESULT_SECTIONS).forEach(t -> blocks.add(section(s -> s.text(markdownText(t)))));
            if (chunks.size() > MAX_RESULT_SECTIONS) {
                // Never drop people silently: say the list is cut, and that the summary still counts them.
                blocks.add(section(s -> s.text(markdownText("…and more not shown here; the counts above include everyone."))));
            }
        }
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, blocks);
    }
}
