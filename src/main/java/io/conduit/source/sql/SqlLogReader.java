package io.conduit.source.sql;

import io.conduit.model.Text;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.SourceSettings;

/**
 * Reads a SQL message log after a checkpoint: runs the {@link SqlLogQuery} and turns each row into an
 * {@link ArchiveItem} (or a {@link RejectedRecord} naming the row), with the checkpoint to save once they are archived.
 *
 * <p>Participants are XMPP JIDs ({@code user@domain/resource}): the resource is dropped and the bare JID becomes the
 * participant's email (so the mapping CSV or a mailbox domain maps it) and its handle ({@code xmpp:user@domain}).
 */
public final class SqlLogReader {

    /** Checkpoint keys: the last value read, and its kind ({@code number}, {@code timestamp} or {@code text}). */
    public static final String SINCE = "since";
    public static final String KIND = "kind";

    private final DataSource dataSource;
    private final SqlLogQuery query;

    public SqlLogReader(DataSource dataSource, SqlLogQuery query) {
        this.dataSource = dataSource;
        this.query = query;
    }

    /**
     * One poll's result.
     *
     * @param records    items and rejected rows, in checkpoint order
     * @param checkpoint the checkpoint after these rows, to save once every one is accounted for
     */
    public record Batch(List<Object> records, Map<String, String> checkpoint) {
    }

    /**
     * Reads the rows after a checkpoint, querying again while batches come back full.
     *
     * @param checkpoint the saved checkpoint, empty for the first poll (everything)
     * @param maxRows    stop after about this many rows (the rest is read by the next poll)
     * @throws SQLException when the query fails
     */
    public Batch poll(SourceSettings settings, Map<String, String> checkpoint, int maxRows) throws SQLException {
        List<Object> records = new ArrayList<>();
        Map<String, String> next = new LinkedHashMap<>(checkpoint);
        Set<String> seen = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            while (records.size() < maxRows) {
                int before = records.size();
                int rows = 0;
                try (PreparedStatement s = c.prepareStatement(query.sql())) {
                    bindCheckpoint(s, next);
                    s.setInt(2, query.batchSize());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            Object record = read(rs, settings);
                            String key = record instanceof ArchiveItem item ? item.itemId() : null;
                            if (key == null || seen.add(key)) {
                                records.add(record);
                            }
                            advance(next, rs);
                        }
                    }
                }
                if (rows < query.batchSize() || records.size() == before) {
                    break;
                }
            }
        }
        return new Batch(records, next);
    }

    private void bindCheckpoint(PreparedStatement s, Map<String, String> checkpoint) throws SQLException {
        String since = checkpoint.get(SINCE);
        String kind = checkpoint.getOrDefault(KIND, "");
        if (since == null) {
            // first poll: everything, from the smallest value of the parameter's type
            switch (s.getParameterMetaData().getParameterType(1)) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> s.setTimestamp(1, Timestamp.from(Instant.parse("1900-01-01T00:00:00Z")));
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.NUMERIC, Types.DECIMAL -> s.setLong(1, Long.MIN_VALUE);
                default -> s.setString(1, "");
            }
            return;
        }
        switch (kind) {
            case "number" -> s.setLong(1, Long.parseLong(since));
            case "timestamp" -> s.setTimestamp(1, Timestamp.from(Instant.parse(since).minusSeconds(query.overlapSeconds())));
            default -> s.setString(1, since);
        }
    }

    private static void advance(Map<String, String> next, ResultSet rs) throws SQLException {
        int type = rs.getMetaData().getColumnType(rs.findColumn("checkpoint"));
        switch (type) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> {
                Instant t = rs.getTimestamp("checkpoint").toInstant();
                String old = next.get(SINCE);
                if (old == null || !"timestamp".equals(next.get(KIND)) || t.isAfter(Instant.parse(old))) {
                    next.put(SINCE, t.toString());
                }
                next.put(KIND, "timestamp");
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.NUMERIC, Types.DECIMAL -> {
                long v = rs.getLong("checkpoint");
                String old = next.get(SINCE);
                if (old == null || !"number".equals(next.get(KIND)) || v > Long.parseLong(old)) {
                    next.put(SINCE, Long.toString(v));
                }
                next.put(KIND, "number");
            }
            default -> {
                next.put(SINCE, rs.getString("checkpoint"));
                next.put(KIND, "text");
            }
        }
    }

    private Object read(ResultSet rs, SourceSettings settings) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v instanceof Timestamp t ? t.toInstant().toString()
                    : v == null ? null : v.toString());
        }
        String ref = query.source() + " row " + row.get("checkpoint");
        Timestamp sentAt = rs.getTimestamp("sent_at");
        Participant sender = jid(row.get("sender"));
        List<Participant> recipients = new ArrayList<>();
        if (row.get("recipients") != null) {
            for (String r : row.get("recipients").split("[;,]")) {
                Participant p = jid(r);
                if (p != null && !p.sameAs(sender)) {
                    recipients.add(p);
                }
            }
        }
        if (sentAt == null || sender == null) {
            return new RejectedRecord(query.source(), settings.connectorId(), ref,
                    ref + ": " + (sentAt == null ? "no sent_at" : "no sender"), row.toString());
        }
        String body = row.getOrDefault("body", "") == null ? "" : row.get("body");
        String conversation = row.get("conversation_id") != null && !row.get("conversation_id").isBlank()
                ? row.get("conversation_id") : conversationOf(sender, recipients);
        String itemId = row.get("item_id") != null ? row.get("item_id")
                : Digests.ofFields(sender.primaryIdentifier(), row.get("recipients"), sentAt.toInstant().toString(),
                conversation, body);
        return new ArchiveItem(query.source(), query.event(), settings.connectorId(), conversation, conversation,
                recipients.size() > 1 ? ConversationType.GROUP : ConversationType.DIRECT, itemId, 1, sender, recipients,
                sentAt.toInstant(), row.get("subject"), body, null, null, Text.sha256(row.toString()), ref);
    }

    private static String conversationOf(Participant sender, List<Participant> recipients) {
        List<String> ids = new ArrayList<>();
        ids.add(sender.primaryIdentifier());
        recipients.forEach(r -> ids.add(r.primaryIdentifier()));
        ids.sort(null);
        return String.join(" + ", ids);
    }

    /** A participant for a JID: {@code user@domain/resource} becomes the bare JID as email and handle. */
    static Participant jid(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String bare = raw.strip();
        int slash = bare.indexOf('/');
        if (slash >= 0) {
            bare = bare.substring(0, slash);
        }
        bare = bare.toLowerCase(Locale.ROOT);
        return new Participant(bare, null, io.conduit.mapping.EmailAddresses.normalize(bare), "xmpp:" + bare);
    }
}
