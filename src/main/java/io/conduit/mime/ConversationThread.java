package io.conduit.mime;

import io.conduit.model.Text;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;

import io.conduit.model.ArchiveItem;

/**
 * The thread headers of an item's email, so that a mail client groups a chat: one thread per conversation and day
 * (the day in the participants' zone, as in the subject), whose root is a {@code Message-ID} that no stored message
 * has.
 *
 * <p>Per conversation and day rather than per conversation: the generated subject names the day, transcripts and RSMF
 * files are cut per day, and a chat of several years stays a list of day threads instead of one thread of thousands of
 * messages. A root that no message has is what RFC 5256's {@code THREAD REFERENCES} (Dovecot) and mutt's threading
 * (the JWZ algorithm) call a dummy parent: the day's messages become its children, one thread, shown by Dovecot as
 * {@code ((1)(2)(3))} and by mutt under a missing parent.
 *
 * <ul>
 *   <li>{@code References}: the day's root, then the parent: the message a reply answers (its version 1
 *       {@code Message-ID}), or this item's own version 1 for a later version (an edit, a deletion marker), or the
 *       email a re-issued transcript supersedes.</li>
 *   <li>{@code In-Reply-To}: the parent, else the root (RFC 5322 section 3.6.4).</li>
 *   <li>{@code Thread-Topic}: the subject (Outlook's PidTagConversationTopic is the normalized subject, MAPI "Tracking
 *       conversations").</li>
 *   <li>{@code Thread-Index}: PidTagConversationIndex, [MS-OXOMSG] section 2.2.1.3, base64: a 22-byte header (0x01,
 *       the 40 high bits of the day's start as a FILETIME, a GUID from a hash of the conversation and day), then one
 *       5-byte response level for the item: DC bit, 31 bits of the time since the header (FILETIME units without the
 *       18 low bits, or the 23 low bits when DC is 1), 4 random and 4 sequence bits taken from the item's
 *       {@code Message-ID} hash, so the value is the same on every run.</li>
 * </ul>
 */
public final class ConversationThread {

    /** 100-ns intervals between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

    private final String root;
    private final String parent;
    private final String threadIndex;

    private ConversationThread(String root, String parent, String threadIndex) {
        this.root = root;
        this.parent = parent;
        this.threadIndex = threadIndex;
    }

    /** The thread of an item (its conversation and its day in {@link ArchiveItem#zoneOrUtc()}). */
    public static ConversationThread of(ArchiveItem item) {
        LocalDate day = day(item);
        String root = rootMessageId(item.connectorId(), item.conversationId(), day);
        String parent;
        if (item.supersedes() != null) {
            parent = item.supersedes();
        } else if (item.inReplyTo() != null) {
            parent = ArchiveItemToMime.messageId(item.connectorId(), item.conversationId(), item.inReplyTo(), 1);
        } else if (item.version() > 1) {
            parent = ArchiveItemToMime.messageId(item.connectorId(), item.conversationId(), item.itemId(), 1);
        } else {
            parent = null;
        }
        Instant dayStart = day.atStartOfDay(item.zoneOrUtc()).toInstant();
        return new ConversationThread(root, parent,
                threadIndex(root, dayStart, item.timestamp(), ArchiveItemToMime.messageId(item)));
    }

    /** The conversation day of an item: the date of its time in the participants' zone (UTC when unknown). */
    public static LocalDate day(ArchiveItem item) {
        return LocalDate.ofInstant(item.timestamp(), item.zoneOrUtc());
    }

    /**
     * The root {@code Message-ID} of a conversation's day: {@code <thread.<64 hex>@conduit.invalid>}, the same for
     * every item of that day however often it is archived.
     */
    public static String rootMessageId(String connectorId, String conversationId, LocalDate day) {
        return "<thread." + Text.sha256("thread|" + connectorId + '|' + conversationId + '|' + day) + "@"
                + ArchiveItemToMime.MESSAGE_ID_DOMAIN + ">";
    }

    /** The day's root {@code Message-ID}. */
    public String root() {
        return root;
    }

    /** The message this one answers or replaces, or {@code null}. */
    public String parent() {
        return parent;
    }

    /** {@code References}: the root, then the parent when there is one. */
    public String references() {
        return parent == null ? root : root + " " + parent;
    }

    /** {@code In-Reply-To}: the parent, else the root. */
    public String inReplyTo() {
        return parent == null ? root : parent;
    }

    /** {@code Thread-Index}: base64 of the 27-byte conversation index (header and one response level). */
    public String threadIndex() {
        return threadIndex;
    }

    static String threadIndex(String root, Instant dayStart, Instant time, String messageId) {
        ByteBuffer b = ByteBuffer.allocate(27);
        long headerTime = filetime(dayStart) & ~0xFFFFFFL; // the 24 low bits are not in the header
        b.put((byte) 0x01);
        for (int shift = 56; shift >= 24; shift -= 8) {
            b.put((byte) (headerTime >>> shift));
        }
        byte[] guid = HexFormat.of().parseHex(Text.sha256(root).substring(0, 32));
        guid[6] = (byte) (guid[6] & 0x0F | 0x50); // a name-based GUID (RFC 4122 version 5 layout), big-endian fields
        guid[8] = (byte) (guid[8] & 0x3F | 0x80);
        b.put(guid);
        long delta = Math.max(0, filetime(time) - headerTime);
        long level = delta < 1L << 49 ? delta >>> 18 & 0x7FFF_FFFFL : 1L << 31 | delta >>> 23 & 0x7FFF_FFFFL;
        b.putInt((int) level);
        b.put((byte) HexFormat.fromHexDigits(Text.sha256(messageId).substring(0, 2)));
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** An instant as a FILETIME: 100-ns intervals since 1601-01-01 UTC ([MS-DTYP] 2.3.3). */
    static long filetime(Instant instant) {
        return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100 + FILETIME_EPOCH_OFFSET;
    }
}
