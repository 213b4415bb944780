package dev.sessionguard.bulk;

import dev.sessionguard.slackapi.ViewCalls;
import java.time.Clock;
import java.time.Duration;

/**
 * Shows how far finding the people has got in the view the admin is looking at. Quiet for the first
 * {@link #EVERY} (most previews are done by then, and the view already says what is going on), then at most once
 * every {@link #EVERY}. An update is tried once, and after Slack refuses one no more are tried: a progress line is
 * never worth slowing the work it reports on.
 */
final class ProgressView implements BulkTargets.Progress {

    static final Duration EVERY = Duration.ofSeconds(2);

    private final ViewCalls views;
    private final String viewId;
    private final Clock clock;
    private long shownAt;
    private boolean refused;

    ProgressView(ViewCalls views, String viewId, Clock clock) {
        this.views = views.withoutRetries();
        this.viewId = viewId;
        this.clock = clock;
        this.shownAt = clock.millis();
    }

    @Override
    public void at(String words) {
        long now = clock.millis();
        if (refused || now - shownAt < EVERY.toMillis()) {
            return;
        }
        shownAt = now;
        refused = !views.update(viewId, BulkModal.resolving(words)).ok();
    }
}
