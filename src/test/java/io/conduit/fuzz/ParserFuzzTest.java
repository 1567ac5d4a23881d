package io.conduit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Properties;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.MappingException;
import io.conduit.mapping.UserMapping;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.HeaderValues;
import io.conduit.mime.MissingPropertyException;
import io.conduit.mime.ArchiveItemValidator;
import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;
import io.conduit.source.whatsapp.ExportRecords;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import io.conduit.source.csv.DelimitedTextReader;
import io.conduit.source.csv.DelimitedTextRecords;
import io.conduit.source.whatsapp.WhatsAppExportReader;
import io.conduit.source.whatsapp.WhatsAppSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Fuzz tests of every parser of third-party input (Jazzer). Without {@code JAZZER_FUZZ} they replay their seed corpus
 * under {@code src/test/resources/io/conduit/fuzz/ParserFuzzTestInputs/<method>/} as regression tests; with
 * {@code JAZZER_FUZZ=1} and {@code -Dtest=ParserFuzzTest#<method>} they fuzz for their {@code maxDuration} (the
 * {@code ...Long} variants for ten minutes). A parser may refuse input with its documented exception; any other
 * exception, a hang or an unsafe header is a finding.
 */
class ParserFuzzTest {

    private static final Path DIR = tempDir();
    private static final MailboxResolver RESOLVER = new MailboxResolver(UserMapping.empty(), Set.of("example.com"), "c@example.com");
    private static final ArchiveItemToMime TO_MIME = new ArchiveItemToMime(RESOLVER);

    @FuzzTest(maxDuration = "30s")
    void whatsAppText(byte[] data) throws Exception {
        readExport("WhatsApp Chat with Fuzz.txt", data);
    }

    @FuzzTest(maxDuration = "10m")
    void whatsAppTextLong(byte[] data) throws Exception {
        readExport("WhatsApp Chat with Fuzz.txt", data);
    }

    @FuzzTest(maxDuration = "30s")
    void whatsAppZip(byte[] data) throws Exception {
        readExport("WhatsApp Chat - Fuzz.zip", data);
    }

    @FuzzTest(maxDuration = "10m")
    void whatsAppZipLong(byte[] data) throws Exception {
        readExport("WhatsApp Chat - Fuzz.zip", data);
    }

    @FuzzTest(maxDuration = "30s")
    void delimitedText(byte[] data) throws Exception {
        Path file = DIR.resolve("fuzz.csv");
        Files.write(file, data);
        try (DelimitedTextRecords records = DelimitedTextReader.open(file, new SourceSettings("fuzz", ZoneId.of("Europe/London"), null, "GB"))) {
            assertSafeRecords(records);
        } catch (MalformedExportException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.csv: ");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void userMapping(byte[] data) throws Exception {
        Path csv = DIR.resolve("mapping.csv");
        Files.write(csv, data);
        try {
            UserMapping.load(csv, "GB");
        } catch (MappingException expected) {
            assertThat(expected.getMessage()).contains("mapping.csv");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void headerValues(String value) throws Exception {
        String clean = HeaderValues.clean(value);
        assertThat(clean).doesNotContain("\r", "\n", "\u0000", "=?");
        String encoded = HeaderValues.encode("X-Conduit-Conversation-Id", value);
        assertThat(encoded.replace("\r\n ", " ").replace("\r\n\t", " ")).doesNotContain("\r", "\n");
    }

    private static void readExport(String name, byte[] data) throws Exception {
        Path file = DIR.resolve(name);
        Files.write(file, data);
        try (ExportRecords records = WhatsAppExportReader.open(file, new WhatsAppSettings("fuzz", ZoneId.of("Europe/London"), "+44 7700 900001", "GB"))) {
            assertSafeRecords(records);
        } catch (MalformedExportException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Every record is an item or a rejected record, and every item's email is safe. */
    private static void assertSafeRecords(SourceRecords records) throws Exception {
        while (records.hasNext()) {
            Object record = records.next();
            assertThat(record).isInstanceOfAny(ArchiveItem.class, RejectedRecord.class);
            if (record instanceof ArchiveItem item) {
                assertSafeEmail(item);
            }
        }
    }

    /**
     * The item's email re-parses with one From and no header smuggled in by the content. An item refused for a missing
     * property, or whose attachment cannot be read (a corrupt ZIP entry: IOException), goes to quarantine instead.
     */
    private static void assertSafeEmail(ArchiveItem item) throws Exception {
        try {
            ArchiveItemValidator.validate(item);
        } catch (MissingPropertyException refused) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TO_MIME.toMime(item, RESOLVER.route(item)).writeTo(out);
        } catch (IOException unreadableAttachment) {
            assertThat(item.attachments()).isNotEmpty();
            return;
        }
        MimeMessage back = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.getHeader("From")).hasSize(1);
        assertThat(back.getHeader("Bcc")).isNull();
        assertThat(back.getHeader("X-Conduit-Item-Id")).hasSize(1);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("conduit-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
