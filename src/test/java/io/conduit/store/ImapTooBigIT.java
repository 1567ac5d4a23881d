package io.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.cli.ConduitCommand;
import io.conduit.test.DovecotServer;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The server's own size limit against a real Dovecot 2.3 that advertises no {@code APPENDLIMIT} and refuses an
 * APPEND over {@code quota_max_mail_size} with {@code NO [LIMIT] Mail size is larger than the maximum size allowed by
 * server configuration} (the same path as {@code NO [TOOBIG]}, RFC 7889): the item whose photo is over the limit is
 * archived partially (the photo named with its size and SHA-256, counted {@code partial}), a small photo is attached
 * as usual, and an item whose text alone is over the limit is quarantined with the server's answer; the run's counts
 * balance and a re-run adds nothing.
 */
class ImapTooBigIT {

    private static final String CUSTODIAN = "toobig.alice@example.com";
    private static final int LIMIT = 300 * 1024;

    @TempDir
    static Path tmp;

    static DovecotServer dovecot;

    @BeforeAll
    static void start() {
        dovecot = new DovecotServer(Path.of("target", "dovecot-toobig-" + UUID.randomUUID().toString().substring(0, 8)),
                "archiver", "master-" + UUID.randomUUID(), """
                mail_plugins = $mail_plugins quota
                plugin {
                  quota = count:User quota
                  quota_vsizes = yes
                  quota_max_mail_size = %dk
                }
                """.formatted(LIMIT / 1024));
        dovecot.addUsers(Map.of(CUSTODIAN, "x", "toobig.catchall@example.com", "x"));
        dovecot.start();
    }

    @AfterAll
    static void stop() {
        dovecot.close();
    }

    @Test
    void an_item_the_server_refuses_as_too_big_is_archived_without_its_largest_file_and_counted_partial() throws Exception {
        byte[] large = random(400 * 1024, 1);
        byte[] small = random(20 * 1024, 2);
        Path export = tmp.resolve("WhatsApp Chat - Limits.zip");
        String chat = "[01/02/2026, 10:00:00] Alice: the signed term sheet\n"
                + "[01/02/2026, 10:00:05] Alice: \u200e<attached: 00000001-PHOTO-2026-02-01-10-00-05.jpg>\n"
                + "[01/02/2026, 10:00:10] Alice: \u200e<attached: 00000002-PHOTO-2026-02-01-10-00-10.jpg>\n"
                + "[01/02/2026, 10:01:00] Bob: " + "a very long paste ".repeat(LIMIT / 12) + "\n"
                + "[01/02/2026, 10:02:00] Bob: thanks\n";
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(export))) {
            entry(out, "_chat.txt", chat.getBytes(StandardCharsets.UTF_8));
            entry(out, "00000001-PHOTO-2026-02-01-10-00-05.jpg", large);
            entry(out, "00000002-PHOTO-2026-02-01-10-00-10.jpg", small);
        }
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIAN + "\n");
        Path password = tmp.resolve("password");
        Files.writeString(password, dovecot.masterPassword());
        Path state = tmp.resolve("state");

        Run first = run(export, mapping, password, state);
        assertThat(first.exit).as(first.output).isEqualTo(2); // the text over the limit is quarantined
        // balanced: 5 read = 4 archived + 0 duplicates + 1 quarantined
        assertThat(first.summary()).contains("\"items\":5,\"archived\":4", "\"duplicates\":0,\"quarantined\":1,\"partial\":1",
                "\"unread\":0");

        List<MimeMessage> stored = dovecot.messages(CUSTODIAN, "Limits");
        assertThat(stored).hasSize(4);
        String partial = stored.stream().map(Mails::text)
                .filter(t -> t.contains("Attachment omitted: 00000001-PHOTO-2026-02-01-10-00-05.jpg")).findFirst()
                .orElseThrow(() -> new AssertionError("no copy names the left-out photo"));
        assertThat(partial).contains(large.length + " bytes").contains(sha256(large));
        assertThat(stored.stream().map(Mails::text).anyMatch(t -> t.contains("Attachment omitted: 00000002"))).isFalse();
        assertThat(dovecot.messageSizes(CUSTODIAN, "Limits")).allMatch(size -> size <= LIMIT);
        Path quarantined;
        try (var files = Files.walk(state.resolve("quarantine"))) {
            quarantined = files.filter(f -> f.getFileName().toString().equals("reason.json")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(quarantined)).contains("too big for the server").contains("Mail size is larger than the maximum size")
                .contains("no attachment left to leave out").contains("_chat.txt:4");

        Run again = run(export, mapping, password, state);
        assertThat(again.summary()).contains("\"archived\":0").contains("\"duplicates\":4");
        assertThat(dovecot.messages(CUSTODIAN, "Limits")).hasSize(4);
    }

    private record Run(int exit, String output) {
        String summary() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(Path export, Path mapping, Path password, Path state) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("import", "whatsapp", export.toString(),
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--mapping", mapping.toString(), "--catch-all", "toobig.catchall@example.com", "--owner", "Alice",
                "--state", state.toString(), "--folder", "Limits");
        return new Run(exit, out.toString());
    }

    private static void entry(ZipOutputStream out, String name, byte[] bytes) throws Exception {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
