package dev.sessionguard.home;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.view.Views.view;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;

/** The App Home tab: tools and recent actions for admins, one plain line for everyone else. Pure functions. */
public final class HomeView {

    public static final String ACTIONS_BLOCK = "home_actions";
    public static final String RESET_ACTION = "home_reset";
    public static final String INSPECT_ACTION = "home_inspect";
    public static final String POLICY_ACTION = "home_policy";
    public static final String BULK_ACTION = "home_bulk";
    public static final int RECENT = 10;

    static final String MEMBER_LINE = "*Session Guard* lets this org's Owners and Admins sign people out of Slack"
            + " and set how long their sessions last. Only Org Owners and Org Admins can use it.";

    private HomeView() {
    }

    /**
     * @param recent   the latest actions this app performed, newest first; null when they can't be read
     * @param sections the other features' parts of the Home ({@link dev.sessionguard.edge.HomeSection}), drawn
     *                 before recent actions: in an incident, the job that is running is what an admin opens it for
     */
    public static View admin(List<AuditRecord> recent, List<LayoutBlock> sections) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(
                "*Session Guard* signs people out of Slack, one at a time or in bulk, shows where they are signed in, and sets their session"
                        + " policy. Every action and every refusal is recorded in the audit trail and posted to the audit channel."))));
        blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(List.of(
                button(b -> b.actionId(RESET_ACTION).text(plainText("Reset sessions…")).style("danger").value("reset")),
                button(b -> b.actionId(INSPECT_ACTION).text(plainText("Inspect sessions…")).value("inspect")),
                button(b -> b.actionId(POLICY_ACTION).text(plainText("Session policy…")).value("policy")),
                button(b -> b.actionId(BULK_ACTION).text(plainText("Bulk sign-out…")).style("danger").value("bulk"))))));
        blocks.add(divider());
        if (!sections.isEmpty()) {
            blocks.addAll(sections);
            blocks.add(divider());
        }
        blocks.add(section(s -> s.text(markdownText("*Recent actions*"))));
        if (recent == null) {
            blocks.add(context(c -> c.elements(List.of(markdownText(
                    ":warning: Recent actions can't be read right now: the audit database does not answer.")))));
            return view(v -> v.type("home").blocks(blocks));
        }
        List<AuditRecord> latest = recent.stream().limit(RECENT).toList();
        if (latest.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("Nothing yet.")))));
        }
        latest.forEach(r -> blocks.add(section(s -> s.text(markdownText(AuditMessage.line(r))))));
        return view(v -> v.type("home").blocks(blocks));
    }

    /** What the app is and who may use it; no data and no buttons. */
    public static View member() {
        return view(v -> v.type("home").blocks(List.of(section(s -> s.text(markdownText(MEMBER_LINE))))));
    }
}
