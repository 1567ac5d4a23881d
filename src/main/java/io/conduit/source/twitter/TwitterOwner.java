package io.conduit.source.twitter;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.Participant;

/**
 * The account whose archive is read: from the archive's {@code account.js} ({@code window.YTD.account.part0}:
 * {@code [{"account":{"accountId","username","email","accountDisplayName",...}}]}), else from the connector's
 * {@code owner} setting.
 *
 * @param accountId   numeric X user id, e.g. {@code 1964312974236991488}, or {@code null}
 * @param username    screen name without {@code @}, or {@code null}
 * @param email       the account's email address, or {@code null}
 * @param displayName the account's display name, or {@code null}
 */
record TwitterOwner(String accountId, String username, String email, String displayName) {

    /** Prefix of a user id in a participant's handle and in the mapping CSV: {@code twitter:12345}. */
    static final String HANDLE_PREFIX = "twitter:";

    /**
     * The owner an {@code account.js} element names.
     *
     * @return the owner, or {@code null} when the element has no {@code account} object with an id, username or email
     */
    static TwitterOwner fromAccount(JsonNode element) {
        JsonNode a = element == null ? null : element.get("account");
        if (a == null || !a.isObject()) {
            return null;
        }
        TwitterOwner owner = new TwitterOwner(JsonText.of(a, "accountId"), JsonText.of(a, "username"),
                JsonText.of(a, "email"), JsonText.of(a, "accountDisplayName"));
        return owner.accountId == null && owner.username == null && owner.email == null ? null : owner;
    }

    /**
     * The owner a connector's {@code owner} setting names: {@code twitter:12345} or {@code 12345} (account id),
     * {@code @name} (username), an email address, or a bare username.
     *
     * @return the owner, or {@code null} when the setting is blank
     */
    static TwitterOwner fromSetting(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        String s = setting.strip();
        if (s.toLowerCase(Locale.ROOT).startsWith(HANDLE_PREFIX)) {
            s = s.substring(HANDLE_PREFIX.length());
        }
        if (s.matches("\\d{1,30}")) {
            return new TwitterOwner(s, null, null, null);
        }
        if (s.startsWith("@")) {
            return new TwitterOwner(null, s.substring(1), null, null);
        }
        if (s.contains("@")) {
            return new TwitterOwner(null, null, s, null);
        }
        return new TwitterOwner(null, s, null, null);
    }

    /** A stable key of the account, for conversation ids: the account id, else {@code @username}, else the email. */
    String key() {
        return accountId != null ? accountId : username != null ? "@" + username : email.toLowerCase(Locale.ROOT);
    }

    /** {@code @username}, else the display name, else the key. */
    String label() {
        return username != null ? "@" + username : displayName != null ? displayName : key();
    }

    /** The owner as a participant: name {@code @username}, the email (when it is one), handle {@code twitter:<accountId>}. */
    Participant participant() {
        return new Participant(username != null ? "@" + username : displayName, null,
                io.conduit.mapping.EmailAddresses.normalize(email),
                accountId != null ? HANDLE_PREFIX + accountId : null);
    }

    /** True when {@code userId} is this account's id. */
    boolean is(String userId) {
        return accountId != null && accountId.equals(userId);
    }

    /**
     * A user by numeric id: the owner's participant when it is the owner's id, else handle {@code twitter:<id>} and
     * name {@code @screenName} when known.
     *
     * @param owner      the archive's owner, or {@code null} when unknown
     * @param id         numeric user id
     * @param screenName screen name without {@code @}, or {@code null}
     */
    static Participant user(TwitterOwner owner, String id, String screenName) {
        if (owner != null && owner.is(id)) {
            return owner.participant();
        }
        return new Participant(screenName != null ? "@" + screenName : null, null, null, HANDLE_PREFIX + id);
    }

    /** Adds {@code p} to {@code recipients} unless it is the sender or already there ({@link Participant#sameAs}). */
    static void addRecipient(java.util.List<Participant> recipients, Participant sender, Participant p) {
        if (p.sameAs(sender)) {
            return;
        }
        for (Participant r : recipients) {
            if (r.sameAs(p)) {
                return;
            }
        }
        recipients.add(p);
    }
}
