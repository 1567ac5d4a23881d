package io.conduit.source.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conduit.model.ArchiveItem;
import io.conduit.model.UnreadRest;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SmsBackupReader} on fixtures written after SMS Backup &amp; Restore's "Fields in the XML backup files". */
class SmsBackupReaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/sms");
    static final String OWNER = "+447700900001";
    private static final String PNG_SHA256 = "6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0";

    @TempDir
    Path tmp;

    /** A record as read, with each attachment's bytes read at once (media files are deleted two records later). */
    record Read(Object record, List<byte[]> attachments) {
        ArchiveItem item() {
            return (ArchiveItem) record;
        }
    }

    static List<Read> read(Path file, String owner) throws Exception {
        List<Read> out = new ArrayList<>();
        try (SmsBackupRecords records = SmsBackupReader.open(file, new SourceSettings("sms-test", ZoneId.of("UTC"), owner, "GB"))) {
            while (records.hasNext()) {
                Object r = records.next();
                List<byte[]> bytes = new ArrayList<>();
                if (r instanceof ArchiveItem item) {
                    for (Attachment a : item.attachments()) {
                        try (InputStream in = a.content().open()) {
                            bytes.add(in.readAllBytes());
                        }
                    }
                }
                out.add(new Read(r, bytes));
            }
        }
        return out;
    }

    @Test
    void received_and_sent_sms_have_the_owner_on_the_other_side_and_epoch_ms_times() throws Exception {
        List<Read> records = read(FIXTURES.resolve("messages.xml"), OWNER);

        assertThat(records).hasSize(9).allMatch(r -> r.record() instanceof ArchiveItem);
        ArchiveItem received = records.get(0).item();
        assertThat(received.messageClass()).isEqualTo("IPM.NOTE.SMS.Message");
        assertThat(received.sender()).isEqualTo(new Participant("Bob Trader", "+447700900123", null, null));
        assertThat(received.recipients()).extracting(Participant::phone).containsExactly(OWNER);
        assertThat(received.timestamp()).isEqualTo(Instant.ofEpochMilli(1769936400000L));
        assertThat(received.body()).isEqualTo("Can you confirm the 2031 gilts at 98.40?");
        assertThat(received.subject()).as("the literal \"null\" is absent").isNull();
        assertThat(received.conversationId()).isEqualTo("+447700900123");
        assertThat(received.conversationName()).isEqualTo("Bob Trader");
        assertThat(received.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(received.sourceRef()).isEqualTo("messages.xml:5");
        assertThat(received.sourceSha256()).matches("[0-9a-f]{64}");

        ArchiveItem sent = records.get(1).item();
        assertThat(sent.sender().phone()).isEqualTo(OWNER);
        assertThat(sent.recipients()).extracting(Participant::phone).containsExactly("+447700900123");
        assertThat(sent.conversationId()).as("a national number normalised with the default region")
                .isEqualTo(received.conversationId());
        assertThat(sent.timestamp()).as("readable_date is ignored").isEqualTo(Instant.ofEpochMilli(1769936460000L));
    }

    @Test
    void drafts_failed_messages_unknown_senders_and_empty_bodies_are_kept() throws Exception {
        List<Read> records = read(FIXTURES.resolve("messages.xml"), OWNER);

        ArchiveItem draft = records.get(2).item();
        assertThat(draft.sender().phone()).isEqualTo(OWNER);
        assertThat(draft.body()).isEqualTo("Draft: call me back\n\n[SMS draft, never sent]");
        ArchiveItem failed = records.get(3).item();
        assertThat(failed.body()).isEqualTo("This one failed\n\n[SMS failed to send]");
        assertThat(failed.subject()).isEqualTo("Failed");
        ArchiveItem shortCode = records.get(4).item();
        assertThat(shortCode.sender()).isEqualTo(new Participant("AMAZON", null, null, "AMAZON"));
        assertThat(shortCode.conversationId()).isEqualTo("AMAZON");
        assertThat(shortCode.body()).isEmpty();
        ArchiveItem escaped = records.get(8).item();
        assertThat(escaped.body()).isEqualTo("Line one\nline two & <three> \uD83D\uDCC8");
    }

    @Test
    void a_group_mms_has_its_text_as_body_its_media_as_attachments_and_its_addrs_as_participants() throws Exception {
        List<Read> records = read(FIXTURES.resolve("messages.xml"), OWNER);

        Read mms = records.get(5);
        ArchiveItem item = mms.item();
        assertThat(item.messageClass()).isEqualTo("IPM.NOTE.MMS.Message");
        assertThat(item.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(item.conversationId()).isEqualTo("+447700900123,+447700900456");
        assertThat(item.subject()).isEqualTo("Desk photo");
        assertThat(item.sender().phone()).as("addr type 137").isEqualTo("+447700900123");
        assertThat(item.recipients()).extracting(Participant::phone)
                .as("151 (the owner) and 130 (cc)").containsExactly(OWNER, "+447700900456");
        assertThat(item.body()).as("SMIL layout left out").isEqualTo("The new desk, see photo");
        assertThat(item.attachments()).extracting(Attachment::fileName, Attachment::mediaType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("desk.png", "image/png"),
                        org.assertj.core.groups.Tuple.tuple("carol.vcf", "text/x-vcard"));
        Attachment png = item.attachments().get(0);
        assertThat(png.size()).isEqualTo(70).isEqualTo(mms.attachments().get(0).length);
        assertThat(png.sha256()).isEqualTo(PNG_SHA256)
                .isEqualTo(HexFormat.of().formatHex(Digests.sha256().digest(mms.attachments().get(0))));
        assertThat(new String(mms.attachments().get(1), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("BEGIN:VCARD\nVERSION:2.1\nFN:Carol Sales\nEND:VCARD");
    }

    @Test
    void a_sent_mms_is_from_the_owner_and_media_missing_from_the_backup_is_flagged() throws Exception {
        List<Read> records = read(FIXTURES.resolve("messages.xml"), OWNER);

        ArchiveItem sent = records.get(6).item();
        assertThat(sent.sender().phone()).as("insert-address-token is the owner").isEqualTo(OWNER);
        assertThat(sent.recipients()).extracting(Participant::phone).containsExactly("+447700900123");
        assertThat(sent.conversationId()).isEqualTo("+447700900123");
        assertThat(sent.body()).isEqualTo("Sent from the phone as MMS");

        ArchiveItem omitted = records.get(7).item();
        assertThat(omitted.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(omitted.attachments()).isEmpty();
        assertThat(omitted.body()).isEqualTo("[part 0 (video/mp4) has no content in the backup]");
        assertThat(omitted.sender().phone()).as("no addrs: the address of a received MMS").isEqualTo("+447700900123");
    }

    @Test
    void calls_say_their_type_and_duration_and_outgoing_calls_are_from_the_owner() throws Exception {
        List<Read> records = read(FIXTURES.resolve("calls.xml"), OWNER);

        assertThat(records).hasSize(7);
        List<ArchiveItem> calls = records.stream().map(Read::item).toList();
        assertThat(calls).allMatch(c -> c.messageClass().equals("IPM.NOTE.Phone.Call"));
        assertThat(calls).extracting(ArchiveItem::body).containsExactly(
                "Incoming call from Bob Trader (+447700900123), duration 125 s (0:02:05).",
                "Outgoing call to Bob Trader (+447700900123), duration 3725 s (1:02:05).",
                "Missed call from Carol Sales (+447700900456), duration 0 s (0:00:00).",
                "Voicemail from Carol Sales (+447700900456), duration 31 s (0:00:31).",
                "Rejected call from +447700900789, duration 0 s (0:00:00).",
                "Blocked call from +447700900999, duration 0 s (0:00:00).",
                "Incoming call from restricted number, duration 12 s (0:00:12).\nCaller id: restricted number.");
        assertThat(calls.get(0).sender().phone()).isEqualTo("+447700900123");
        assertThat(calls.get(0).recipients()).extracting(Participant::phone).containsExactly(OWNER);
        assertThat(calls.get(1).sender().phone()).isEqualTo(OWNER);
        assertThat(calls.get(1).conversationId()).isEqualTo("+447700900123");
        assertThat(calls.get(6).sender().handle()).isEqualTo("restricted number");
    }

    @Test
    void bad_records_are_rejected_with_their_line_and_the_rest_of_the_file_is_read() throws Exception {
        List<Read> records = read(FIXTURES.resolve("malformed.xml"), OWNER);

        assertThat(records).hasSize(6);
        assertThat(records.subList(0, 5)).allMatch(r -> r.record() instanceof RejectedRecord);
        assertThat(records.subList(0, 5).stream().map(r -> ((RejectedRecord) r.record()).reason()).toList()).containsExactly(
                "malformed.xml:3: sms has no date",
                "malformed.xml:4: sms date 'yesterday' is not a time in epoch milliseconds",
                "malformed.xml:5: sms has no address",
                "malformed.xml:6: part 1 (line 9): data is not base64",
                "malformed.xml:12: unknown record <rcs> (expected sms, mms or call)");
        assertThat(((RejectedRecord) records.get(3).record()).raw()).contains("text of an MMS whose image is broken");
        assertThat(records.get(5).item().body()).isEqualTo("still archived after the bad records");
    }

    @Test
    void xml_that_stops_being_well_formed_ends_the_file_with_its_unread_rest() throws Exception {
        List<Read> records = read(FIXTURES.resolve("truncated.xml"), OWNER);

        assertThat(records).hasSize(3);
        assertThat(records.get(0).item().body()).isEqualTo("first");
        assertThat(records.get(1).item().body()).isEqualTo("second");
        UnreadRest rest = (UnreadRest) records.get(2).record();
        assertThat(rest.reason()).startsWith("truncated.xml:").contains("could not be read further");
    }

    @Test
    void external_entities_and_dtds_are_never_resolved() throws Exception {
        List<Read> records = read(FIXTURES.resolve("external-entity.xml"), OWNER);
        String hostname = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).strip() : "";

        assertThat(records).hasSize(1);
        assertThat(records.get(0).record()).isInstanceOf(UnreadRest.class);
        UnreadRest r = (UnreadRest) records.get(0).record();
        assertThat(r.reason()).contains("secret");
        if (!hostname.isEmpty()) {
            assertThat(r.reason()).doesNotContain(hostname);
        }
    }

    @Test
    void emoji_written_as_surrogate_references_are_repaired_and_the_file_reads_on() throws Exception {
        List<Read> records = read(FIXTURES.resolve("emoji-surrogates.xml"), OWNER);

        assertThat(records).hasSize(2);
        ArchiveItem emoji = records.get(0).item();
        assertThat(emoji.body()).isEqualTo("grin \uD83D\uDE00 hex \uD83D\uDCC8 lone \uFFFD low \uFFFD globe \uD83C\uDF0D amp &#55357;");
        assertThat(emoji.sender().displayName()).isEqualTo("Bob \uD83D\uDE00 Trader");
        assertThat(emoji.sourceRef()).as("after a byte-order mark").isEqualTo("emoji-surrogates.xml:3");
        assertThat(records.get(1).item().body()).isEqualTo("after the emoji");
    }

    @Test
    void a_file_that_is_not_a_backup_is_refused_naming_it() throws Exception {
        Path notXml = Files.writeString(tmp.resolve("notes.xml"), "just text");
        Path otherRoot = Files.writeString(tmp.resolve("feed.xml"), "<?xml version=\"1.0\"?><rss/>");

        assertThatThrownBy(() -> read(notXml, OWNER)).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("notes.xml: not XML");
        assertThatThrownBy(() -> read(otherRoot, OWNER)).isInstanceOf(MalformedExportException.class)
                .hasMessage("feed.xml: not an SMS Backup & Restore file (root element <rss>, expected <smses> or <calls>)");
    }

    @Test
    void item_ids_are_stable_across_reads_and_identical_messages_get_distinct_ids() throws Exception {
        String sms = "  <sms address=\"+447700900123\" date=\"1769936400000\" type=\"1\" body=\"ok\" />\n";
        Path twice = Files.writeString(tmp.resolve("twice.xml"), "<smses>\n" + sms + sms + "</smses>\n");

        List<String> first = read(twice, OWNER).stream().map(r -> r.item().itemId()).toList();
        List<String> again = read(twice, OWNER).stream().map(r -> r.item().itemId()).toList();

        assertThat(first).hasSize(2).doesNotHaveDuplicates().isEqualTo(again);
        List<String> messages = read(FIXTURES.resolve("messages.xml"), OWNER).stream().map(r -> r.item().itemId()).toList();
        assertThat(messages).doesNotHaveDuplicates().isEqualTo(
                read(FIXTURES.resolve("messages.xml"), OWNER).stream().map(r -> r.item().itemId()).toList());
    }

    @Test
    void without_an_owner_the_owner_side_is_the_device_owner_handle() throws Exception {
        ArchiveItem received = read(FIXTURES.resolve("messages.xml"), null).get(0).item();

        assertThat(received.recipients()).extracting(Participant::handle).containsExactly(SmsParties.UNKNOWN_OWNER);
    }

    @Test
    void large_media_is_decoded_into_a_temporary_file_deleted_two_records_later() throws Exception {
        byte[] media = new byte[6 * 1024 * 1024];
        new java.util.Random(7).nextBytes(media);
        Path file = tmp.resolve("large.xml");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("<smses>\n");
            for (int i = 0; i < 4; i++) {
                out.write("<mms date=\"17699364" + i + "0000\" msg_box=\"1\" address=\"+447700900123\"><parts>"
                        + "<part seq=\"0\" ct=\"application/octet-stream\" cl=\"blob" + i + ".bin\" data=\"");
                out.write(java.util.Base64.getMimeEncoder().encodeToString(media));
                out.write("\"/></parts></mms>\n");
            }
            out.write("</smses>\n");
        }
        List<Path> spilled = new ArrayList<>();
        List<Path> keptAtTheEnd;
        ArchiveItem last = null;
        try (SmsBackupRecords records = SmsBackupReader.open(file, new SourceSettings("sms-test", ZoneId.of("UTC"), OWNER, "GB"))) {
            while (records.hasNext()) {
                ArchiveItem item = (ArchiveItem) records.next();
                last = item;
                Attachment a = item.attachments().get(0);
                try (InputStream in = a.content().open()) {
                    assertThat(in.readAllBytes()).isEqualTo(media);
                }
                assertThat(a.size()).isEqualTo(media.length);
                List<Path> kept = records.mediaFiles();
                spilled.add(kept.get(kept.size() - 1));
            }
            keptAtTheEnd = records.mediaFiles();
            assertThat(spilled).hasSize(4).doesNotHaveDuplicates();
            assertThat(spilled.subList(0, 2)).as("deleted two records later").noneMatch(Files::exists);
            assertThat(keptAtTheEnd).containsExactly(spilled.get(2), spilled.get(3));
            // the third item is no longer referenced here, so its Cleaner may already have deleted its file after a
            // GC; the last one is still in use and must exist
            assertThat(spilled.get(3)).exists();
        }
        try (InputStream in = last.attachments().get(0).content().open()) {
            assertThat(in.readAllBytes()).as("the splitter archives the last item after closing the records").isEqualTo(media);
        }
    }
}
