package dev.sessionguard.edge;

/**
 * Where to tell a person something outside a modal: the request's {@code response_url} when it had one (slash
 * commands and message shortcuts do; global shortcuts, buttons in modals and App Home do not), else their DM.
 */
public record Reply(String userId, String responseUrl) {

    public static Reply dm(String userId) {
        return new Reply(userId, null);
    }

    public boolean hasResponseUrl() {
        return responseUrl != null && !responseUrl.isBlank();
    }
}
