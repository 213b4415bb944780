package dev.sessionguard.console;

/**
 * One signed-in session of one person, from {@code admin.users.session.list}.
 *
 * @param teamId    the workspace, or the org's {@code E…} ID for an org-level session
 * @param sessionId exceeds 32 bits: a long end to end, never an int
 * @param recent    only present when something changed since the session was created, else null
 */
public record ActiveSession(String userId, String teamId, long sessionId, DeviceInfo created, DeviceInfo recent) {

    public boolean ipChanged() {
        return created.differentIp(recent);
    }

    public boolean deviceChanged() {
        return created.differentDevice(recent);
    }

    /** Where the session lives, in words for the console. */
    public boolean orgLevel() {
        return teamId != null && teamId.startsWith("E");
    }
}
