package io.conduit.cli;

import io.conduit.model.Text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.Maildirs;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** An item over the maximum item size is archived without its oversized attachment and counted as partial. */
class MaxItemSizeTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("conduit.store.max-item-bytes");
    }

    @Test
    void an_oversized_attachment_is_left_out_named_with_size_and_sha256_and_the_item_counted_partial() throws Exception {
        System.setProperty("conduit.store.max-item-bytes", "1000000");
        byte[] big = new byte[2_000_000];
        new java.util.Random(7).nextBytes(big);
        byte[] small = "small file".getBytes(StandardCharsets.US_ASCII);
        Path zip = tmp.resolve("WhatsApp Chat - Sizes.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("_chat.txt"));
            out.write(("[01/02/2026, 10:00:00] Alice: \u200e<attached: big.bin>\n"
                    + "[01/02/2026, 10:00:01] Alice: \u200e<attached: small.txt>\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("big.bin"));
            out.write(big);
            out.putNextEntry(new ZipEntry("small.txt"));
            out.write(small);
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("import", "whatsapp", zip.toString(), "--owner", "Bob", "--catch-all", "compliance@example.com",
                "--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("\"items\":2,\"archived\":2,\"copies\":2,\"duplicates\":0,\"quarantined\":0,\"partial\":1");
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox");
        assertThat(copies).hasSize(2);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        MimeMultipart partial = copies.stream().map(MaxItemSizeTest::parts)
                .filter(mp -> text(mp).contains("Attachment omitted")).findFirst().orElseThrow();
        assertThat(text(partial)).contains("big.bin, 2000000 bytes, SHA-256 " + sha);
        MimeMultipart whole = copies.stream().map(MaxItemSizeTest::parts)
                .filter(mp -> !text(mp).contains("Attachment omitted")).findFirst().orElseThrow();
        assertThat(whole.getBodyPart(1).getFileName()).isEqualTo("small.txt");
        assertThat(whole.getBodyPart(1).getDescription()).isEqualTo("SHA-256 " + Text.sha256("small file"));
    }

    @Test
    void an_item_whose_attachment_cannot_be_read_is_quarantined_at_once_and_the_rest_archived() throws Exception {
        Path zip = tmp.resolve("WhatsApp Chat - Corrupt.zip");
        byte[] media = ("the same line of a long document, again and again\n").repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("_chat.txt"));
            out.write(("[01/02/2026, 10:00:00] Alice: \u200e<attached: doc.txt>\n"
                    + "[01/02/2026, 10:00:01] Alice: and a plain message\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("doc.txt"));
            out.write(media);
        }
        byte[] bytes = Files.readAllBytes(zip);
        int data = indexOf(bytes, "doc.txt".getBytes(StandardCharsets.US_ASCII)) + 7;
        for (int i = data + 40; i < data + 400; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a); // corrupt the deflate stream of doc.txt, not the ZIP directory
        }
        Files.write(zip, bytes);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("import", "whatsapp", zip.toString(), "--owner", "Bob", "--catch-all", "compliance@example.com",
                "--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString());

        assertThat(exit).as(out.toString()).isEqualTo(ImportCommand.EXIT_QUARANTINED);
        assertThat(out.toString()).contains("\"items\":2,\"archived\":1,\"copies\":1,\"duplicates\":0,\"quarantined\":1");
        assertThat(new io.conduit.state.Quarantine(tmp.resolve("state")).list()).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("source content cannot be read"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static MimeMultipart parts(MimeMessage m) {
        try {
            return (MimeMultipart) m.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMultipart mp) {
        try {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                if (mp.getBodyPart(i).isMimeType("text/plain")) {
                    sb.append(mp.getBodyPart(i).getContent());
                }
            }
            return sb.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
