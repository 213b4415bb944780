package dev.sessionguard.edge;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.util.List;

/**
 * The modal every feature shows while it works, when it refuses, and when it is done: words and a Close button,
 * nothing to submit. Each feature keeps its own callback ID and title, so its listeners and tests still tell
 * its status views apart.
 */
public final class StatusModal {

    /** Said while the trigger's 3 seconds run out and the invoker's role is checked. */
    public static final String CHECKING = "Checking that you are an org admin…";
    /** Slack's limits: a modal's title, its blocks, a section's text. */
    public static final int TITLE_MAX = 24;
    public static final int MAX_BLOCKS = 100;
    public static final int SECTION_MAX = 3000;

    private StatusModal() {
    }

    public static View of(String callbackId, String title, String mrkdwn) {
        return of(callbackId, title, List.of(section(s -> s.text(markdownText(fit(mrkdwn))))));
    }

    /** @param blocks the caller keeps them within Slack's limits; too many is a bug, so it fails here, not in Slack */
    public static View of(String callbackId, String title, List<LayoutBlock> blocks) {
        if (title.length() > TITLE_MAX) {
            throw new IllegalArgumentException("modal title over " + TITLE_MAX + " characters: " + title);
        }
        if (blocks.size() > MAX_BLOCKS) {
            throw new IllegalArgumentException(blocks.size() + " blocks in a modal");
        }
        return view(v -> v.type("modal").callbackId(callbackId)
                .title(viewTitle(t -> t.type("plain_text").text(title)))
                .close(viewClose(t -> t.type("plain_text").text("Close")))
                .blocks(List.copyOf(blocks)));
    }

    /** Opened at once with the trigger; {@code externalId} lets the edge update it when Slack returns no view ID. */
    public static View checking(String callbackId, String title, String externalId) {
        View v = of(callbackId, title, CHECKING);
        v.setExternalId(externalId);
        return v;
    }

    /** Slack refuses a whole view over one overlong section, and then the admin learns nothing. */
    private static String fit(String mrkdwn) {
        if (mrkdwn.length() <= SECTION_MAX) {
            return mrkdwn;
        }
        int end = SECTION_MAX - 1;
        if (Character.isHighSurrogate(mrkdwn.charAt(end - 1))) {
            end--;
        }
        return mrkdwn.substring(0, end) + "…";
    }
}
