package dev.sessionguard.access;

/**
 * Who invoked Session Guard, and the org Slack put on their signed request: the edge's word for "the admin",
 * shared by every feature's services.
 */
public record Actor(String userId, String requestOrgId) {
}
