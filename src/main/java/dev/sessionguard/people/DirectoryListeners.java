package dev.sessionguard.people;

import com.slack.api.bolt.App;
import com.slack.api.model.User;
import com.slack.api.model.event.TeamJoinEvent;
import com.slack.api.model.event.UserChangeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code user_change} and {@code team_join} keep the directory fresh between full syncs. {@code user_change} also
 * fires for every status and profile edit, so it is frequent: each is one upsert that the database ignores unless
 * the user's {@code updated} is newer than the stored one (a late or repeated event changes nothing). No Slack call.
 * People of another org (Slack Connect) are stored too, with their own enterprise id, which is how a preview tells them.
 */
public final class DirectoryListeners {

    private static final Logger log = LoggerFactory.getLogger(DirectoryListeners.class);

    private final PeopleStore store;

    public DirectoryListeners(PeopleStore store) {
        this.store = store;
    }

    public void register(App app) {
        app.event(UserChangeEvent.class, (payload, ctx) -> {
            store(payload.getEvent() == null ? null : payload.getEvent().getUser(), UserChangeEvent.TYPE_NAME);
            return ctx.ack();
        });
        app.event(TeamJoinEvent.class, (payload, ctx) -> {
            store(payload.getEvent() == null ? null : payload.getEvent().getUser(), TeamJoinEvent.TYPE_NAME);
            return ctx.ack();
        });
    }

    void store(User user, String event) {
        if (user == null || user.getId() == null) {
            return;
        }
        try {
            store.upsertIfNewer(SlackPerson.of(user, null));
        } catch (RuntimeException e) {
            // Acked all the same: the next full sync brings the person in, and Slack's retries would fail alike.
            log.warn("Could not store a {} event in the user directory ({})", event, e.getClass().getSimpleName());
        }
    }
}
