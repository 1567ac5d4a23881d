package io.conduit.source.sql;

/**
 * The query of a SQL source and what its rows mean.
 *
 * <p>The query maps its table's columns to Conduit's by alias and takes two parameters, the checkpoint value (rows
 * strictly after it) and the batch size, for example
 * {@code SELECT id AS checkpoint, id AS item_id, created AS sent_at, author AS sender, recipients, body FROM im_log
 * WHERE id > ? ORDER BY id LIMIT ?}. Aliases read: {@code checkpoint} (required: a monotonically increasing number or
 * timestamp), {@code sent_at} (required, a timestamp), {@code sender} (required), {@code recipients} (required; several
 * separated by {@code ;} or {@code ,}), {@code body}, {@code subject}, {@code conversation_id}, {@code item_id}
 * (default: a SHA-256 of sender, recipients, time, conversation and body).
 *
 * @param sql            the query with its two parameters
 * @param source         source system for the message class, e.g. {@code Jabber}
 * @param event          event for the message class, e.g. {@code IM}
 * @param batchSize      rows per query; a poll queries again while a batch comes back full
 * @param overlapSeconds for a timestamp checkpoint, how far back each poll reads again (rows committed late with an
 *                       earlier time are then not missed; the idempotent consumer skips those already archived)
 */
public record SqlLogQuery(String sql, String source, String event, int batchSize, int overlapSeconds) {

    /**
     * The Cisco IM and Presence Service message archive: table {@code jm} of the external database (Cisco, "Database
     * Setup for IM and Presence Service", chapter "External Database Tables", JM table: TO_JID, FROM_JID, SENT_DATE,
     * SUBJECT, THREAD_ID, MSG_TYPE, DIRECTION, BODY_LEN, MESSAGE_LEN, BODY_STRING, MESSAGE_STRING, BODY_TEXT,
     * MESSAGE_TEXT, HISTORY_FLAG), on PostgreSQL. A message longer than 4,000 characters is in BODY_TEXT.
     *
     * <p>The Message Archiver writes a row as the server receives a message ({@code DIRECTION = 'I'}) and again as it
     * delivers it ({@code 'O'}, per recipient for ad-hoc group chat: Cisco, "Instant Messaging Compliance for IM and
     * Presence Service"), so the query reads the inbound rows only: each message once, as its sender sent it. Column
     * names as read here also match third-party tools that read this table (e.g. a Jabber-to-Mattermost migration
     * selecting {@code to_jid, from_jid, sent_date, body_string, body_text} with {@code direction = 'I'}); the
     * guide's own table could not be re-read on this machine, so SUBJECT, THREAD_ID and the type of SENT_DATE follow
     * it as remembered. A deployment whose schema differs uses {@code sql-source} with its own query.
     */
    public static final String JABBER_JM = """
            SELECT sent_date AS checkpoint, sent_date AS sent_at, from_jid AS sender, to_jid AS recipients,
                   subject, COALESCE(body_text, body_string) AS body, thread_id AS conversation_id
            FROM jm WHERE direction = 'I' AND sent_date > ? ORDER BY sent_date LIMIT ?""";

    /** Jabber's built-in query: source {@code Jabber}, event {@code IM}, 500 rows a batch, 5 minutes of overlap. */
    public static SqlLogQuery jabber() {
        return new SqlLogQuery(JABBER_JM, "Jabber", "IM", 500, 300);
    }
}
