package dev.sessionguard.oauth;

import com.slack.api.bolt.service.OAuthStateService;

/**
 * The install flow's {@code state} values, shared by every instance (the app's database: {@code storage}), so
 * that the instance that finishes a flow need not be the one that started it. A state is used up once: only the
 * request whose delete removed it may finish the install ({@link #deleteStateFromDatastore} throws
 * {@link StateAlreadyUsedException} for the others). Anyone can start an install without signing in, so the live
 * states are capped ({@link #addNewStateToDatastore} throws {@link TooManyStatesException} past the cap).
 */
public interface InstallStates extends OAuthStateService {

    /**
     * Whether another state may be stored now; asked before an install start so a full store gets a "try again
     * later" page rather than Bolt's error. {@link #addNewStateToDatastore} enforces the cap itself.
     */
    boolean hasRoom();

    /** No room for another state: the cap of live states is reached. */
    final class TooManyStatesException extends IllegalStateException {

        public TooManyStatesException() {
            super("Too many install flows were started in the last 10 minutes; no state was stored");
        }
    }

    /** A state that another request used up between Bolt's check and its consume. */
    final class StateAlreadyUsedException extends IllegalStateException {

        public StateAlreadyUsedException() {
            super("The OAuth state was already used");
        }
    }
}
