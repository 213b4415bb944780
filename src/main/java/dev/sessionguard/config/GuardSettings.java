package dev.sessionguard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may act, how much, and where each attempt is recorded.
 *
 * @param auditChannel       the private channel every attempt is posted to
 * @param adminGroup         when set, only Org Owners and Org Admins in this user group may act
 * @param adminCache         how long an "allowed" from the admin check may open forms (every action checks afresh)
 * @param maxUsers           most people one form may sign out or change
 * @param protectedUsers     never signed out, their policy never changed: break-glass accounts
 * @param maxResetsPerMinute how many people one admin may sign out per minute
 */
public record GuardSettings(String auditChannel, Optional<String> adminGroup, Duration adminCache, int maxUsers,
        List<String> protectedUsers, int maxResetsPerMinute) {

    public static final String AUDIT_CHANNEL = "SESSION_GUARD_AUDIT_CHANNEL";
    public static final String ADMIN_GROUP = "SESSION_GUARD_ADMIN_GROUP";
    public static final String ADMIN_CACHE_SECONDS = "SESSION_GUARD_ADMIN_CACHE_SECONDS";
    public static final String MAX_USERS = "SESSION_GUARD_MAX_USERS";
    public static final String PROTECTED_USERS = "SESSION_GUARD_PROTECTED_USERS";
    public static final String MAX_RESETS_PER_MINUTE = "SESSION_GUARD_MAX_RESETS_PER_MINUTE";

    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    static GuardSettings read(Env env) {
        String auditChannel = env.required(AUDIT_CHANNEL, CHANNEL_ID, "a channel ID such as C0123ABCD");
        Optional<String> adminGroup = env.optional(ADMIN_GROUP, GROUP_ID, "a user group ID such as S0123ABCD");
        int maxUsers = env.integer(MAX_USERS, 50, 1, 1000);
        List<String> protectedUsers = env.userIds(PROTECTED_USERS);
        int maxResetsPerMinute = env.integer(MAX_RESETS_PER_MINUTE, 20, 1, Integer.MAX_VALUE);
        Duration adminCache = env.seconds(ADMIN_CACHE_SECONDS, 30, 0, 300);
        return new GuardSettings(auditChannel, adminGroup, adminCache, maxUsers, protectedUsers, maxResetsPerMinute);
    }
}
