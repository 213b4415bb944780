package dev.sessionguard.bulk;

/**
 * One person (or pasted line, channel, user group) a bulk sign-out leaves out, and why.
 *
 * @param subject a user ID, or the email, pasted line, channel or group as given: raw text, so the UI escapes it
 * @param code    a short code for the audit trail, e.g. {@code protected_user} or {@code unknown_email}
 * @param words   what an admin reads
 */
public record Exclusion(String subject, String code, String words) {
}
