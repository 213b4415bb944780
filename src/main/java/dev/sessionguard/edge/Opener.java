package dev.sessionguard.edge;

import dev.sessionguard.access.Actor;
import java.util.List;

/**
 * How one feature opens another's modal without knowing it: the composition root hands the App Home and the session
 * console one opener per tool they lead into, each a method reference to the feature that owns the modal. Runs after
 * the ack, on the fast lane; the modal checks the actor itself.
 */
@FunctionalInterface
public interface Opener {

    /**
     * @param people     whom the modal is about, when the way in already knows (none: the modal asks)
     * @param fromViewId the modal whose button carried the trigger (Slack then wants {@code views.push}), or null
     * @return false when the modal could not be shown and the person has heard nothing
     */
    boolean open(String triggerId, Actor actor, List<String> people, String fromViewId);
}
