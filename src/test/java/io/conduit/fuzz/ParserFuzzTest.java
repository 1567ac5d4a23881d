package io.conduit.fuzz;

import io.conduit.model.Text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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
import io.conduit.model.UnreadRest;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import io.conduit.source.slack.SlackExportReader;
import io.conduit.source.ExportFormat;
import io.conduit.source.facebook.FacebookPageReader;
import io.conduit.source.telegram.TelegramExportReader;
import io.conduit.source.sms.SmsBackupReader;
import io.conduit.source.csv.DelimitedTextReader;
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
    private static final SourceSettings SLACK_SETTINGS = new SourceSettings("fuzz", ZoneId.of("UTC"), null, "GB");

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
    void telegramJson(byte[] data) throws Exception {
        readJson("result.json", data, (file, s, a) -> TelegramExportReader.open(file, s));
    }

    @FuzzTest(maxDuration = "30s")
    void facebookJson(byte[] data) throws Exception {
        readJson("feed.json", data, (file, s, a) -> FacebookPageReader.open(file, s));
    }

    @FuzzTest(maxDuration = "30s")
    void delimitedText(byte[] data) throws Exception {
        Path file = DIR.resolve("fuzz.csv");
        Files.write(file, data);
        drain(() -> DelimitedTextReader.open(file, new SourceSettings("fuzz", ZoneId.of("Europe/London"), null, "GB")));
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
    void twitterArchive(byte[] data) throws Exception {
        Path folder = Files.createDirectories(DIR.resolve("x-archive"));
        Files.writeString(folder.resolve("account.js"), "window.YTD.account.part0 = [ { \"account\" : { "
                + "\"accountId\" : \"1000000000000000001\", \"username\" : \"fuzz\", \"email\" : \"fuzz@example.com\" } } ]");
        Path file = folder.resolve("data.js");
        Files.write(file, data);
        try (io.conduit.source.SourceRecords records = io.conduit.source.twitter.TwitterArchiveReader.open(file,
                new io.conduit.source.SourceSettings("fuzz", ZoneId.of("UTC"), null, "GB"))) {
            while (records.hasNext()) {
                Object record = records.next();
                assertThat(record).isInstanceOfAny(ArchiveItem.class, RejectedRecord.class, UnreadRest.class);
                if (record instanceof ArchiveItem item) {
                    assertSafeEmail(item);
                }
            }
        } catch (MalformedExportException expected) {
            assertThat(expected.getMessage()).startsWith("data.js");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void headerValues(String value) throws Exception {
        String clean = Text.clean(value);
        assertThat(clean).doesNotContain("\r", "\n", "\u0000", "=?");
        String encoded = HeaderValues.encode("X-Conduit-Conversation-Id", value);
        assertThat(encoded.replace("\r\n ", " ").replace("\r\n\t", " ")).doesNotContain("\r", "\n");
    }

    @FuzzTest(maxDuration = "30s")
    void slackZip(byte[] data) throws Exception {
        Path file = DIR.resolve("slack-fuzz.zip");
        Files.write(file, data);
        drain(() -> SlackExportReader.open(file, SLACK_SETTINGS));
    }

    /** A fuzzed day file inside an otherwise valid Slack export (users.json, channels.json). */
    @FuzzTest(maxDuration = "30s")
    void slackDayFile(byte[] data) throws Exception {
        Path file = DIR.resolve("slack-day-fuzz.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("users.json"));
            zip.write(("[{\"id\":\"U1\",\"name\":\"a\",\"profile\":{\"email\":\"a@example.com\"}},"
                    + "{\"id\":\"U2\",\"name\":\"b\",\"profile\":{\"email\":\"b@example.com\"}}]")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("channels.json"));
            zip.write("[{\"id\":\"C1\",\"name\":\"general\",\"members\":[\"U1\",\"U2\"]}]"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("general/2024-01-15.json"));
            zip.write(data);
        }
        drain(() -> SlackExportReader.open(file, SLACK_SETTINGS));
    }

    @FuzzTest(maxDuration = "30s")
    void smsBackup(byte[] data) throws Exception {
        Path file = DIR.resolve("sms-fuzz.xml");
        Files.write(file, data);
        drain(() -> SmsBackupReader.open(file, new SourceSettings("fuzz", ZoneId.of("UTC"), "+44 7700 900001", "GB")));
    }

    private static void readExport(String name, byte[] data) throws Exception {
        Path file = DIR.resolve(name);
        Files.write(file, data);
        drain(() -> WhatsAppExportReader.open(file, new WhatsAppSettings("fuzz", ZoneId.of("Europe/London"), "+44 7700 900001", "GB")));
    }

    /** Opens an export; a parser may refuse it with {@link MalformedExportException}. */
    @FunctionalInterface
    private interface Opener {
        SourceRecords open() throws MalformedExportException;
    }

    /** Every record is an item with a safe email or a rejected record; a refused input names what was wrong. */
    private static void drain(Opener opener) throws Exception {
        try (SourceRecords records = opener.open()) {
            while (records.hasNext()) {
                Object record = records.next();
                assertThat(record).isInstanceOfAny(ArchiveItem.class, RejectedRecord.class, UnreadRest.class);
                if (record instanceof ArchiveItem item) {
                    assertSafeEmail(item);
                }
            }
        } catch (MalformedExportException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Reads a JSON export with a streaming reader: every record is an item with a safe email, or a rejected record. */
    private static void readJson(String name, byte[] data, ExportFormat.Reader reader) throws Exception {
        Path file = DIR.resolve(name);
        Files.write(file, data);
        SourceSettings settings = new SourceSettings("fuzz", ZoneId.of("Europe/London"), "+44 7700 900001", "GB");
        try (SourceRecords records = reader.open(file, settings, null)) {
            while (records.hasNext()) {
                Object record = records.next();
                assertThat(record).isInstanceOfAny(ArchiveItem.class, RejectedRecord.class, UnreadRest.class);
                if (record instanceof ArchiveItem item) {
                    assertSafeEmail(item);
                }
            }
        } catch (MalformedExportException expected) {
            assertThat(expected.getMessage()).startsWith(name + ": ");
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
