package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.cli.ConduitCommand;
import io.conduit.test.DovecotServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13 in a real server: the demo chat archived into Dovecot verifies clean over IMAPS; then a copy expunged, one
 * byte of another copy changed in Dovecot's own sdbox file, and a message appended to the folder by someone else are each
 * reported, with the ledger entry of the copy.
 */
class VerifyDovecotIT {

    private static final String DANIEL = "daniel.reed@example.com";
    private static final String FOLDER = "Verify Tamper";

    @TempDir
    Path tmp;

    private DovecotServer dovecot;
    private Path password;

    private String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertThat(cli.execute(args)).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    private List<String> imap() {
        return List.of("--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", tmp.resolve("state").toString());
    }

    private String verify(int expectedExit) {
        List<String> args = new ArrayList<>(List.of("verify", "--report", tmp.resolve("report").toString()));
        args.addAll(imap());
        return run(expectedExit, args.toArray(String[]::new));
    }

    @Test
    void an_expunged_copy_a_changed_byte_and_a_planted_message_are_each_reported() throws Exception {
        dovecot = DovecotServer.shared();
        dovecot.addUsers(Map.of(DANIEL, "user-secret", "compliance@example.com", "user-secret"));
        password = tmp.resolve("imap-password");
        Files.writeString(password, dovecot.masterPassword() + "\n");
        List<String> args = new ArrayList<>(List.of("import", "whatsapp", "demo/whatsapp/WhatsApp Chat with Priya Shah.txt",
                "--catch-all", "compliance@example.com", "--mapping", "demo/mapping.csv", "--default-region", "GB",
                "--zone", "Europe/London", "--owner", "+44 7700 900001", "--folder", FOLDER));
        args.addAll(imap());
        run(0, args.toArray(String[]::new));

        List<Map<String, Object>> copies = new ArrayList<>();
        try (Stream<Path> s = Files.list(tmp.resolve("state/ledger"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    Map<String, Object> e = new ObjectMapper().readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
                    if ("copy".equals(e.get("type"))) {
                        copies.add(e);
                    }
                }
            }
        }
        assertThat(copies).hasSizeGreaterThan(4).allSatisfy(c -> assertThat(String.valueOf(c.get("correlationId")))
                .matches("imap://.*;UIDVALIDITY=\\d+/;UID=\\d+"));

        String clean = verify(0);
        assertThat(clean).contains("\"intact\":true,\"checked\":" + copies.size() + ",\"intact_copies\":" + copies.size()
                + ",\"missing\":0,\"altered\":0,\"unknown\":0,\"ledger_findings\":0");

        Map<String, Object> expunged = copies.get(1);
        Map<String, Object> changed = copies.get(3);
        Session session = Session.getInstance(new Properties());
        Properties p = session.getProperties();
        p.put("mail.imaps.ssl.trust", "*");
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        try (Store store = session.getStore("imaps")) {
            store.connect(dovecot.host(), dovecot.imapsPort(), DANIEL + "*" + dovecot.masterUser(), dovecot.masterPassword());
            IMAPFolder f = (IMAPFolder) store.getFolder(FOLDER);
            f.open(Folder.READ_WRITE);
            Message victim = f.getMessageByUID(uid(expunged));
            victim.setFlag(Flags.Flag.DELETED, true);
            f.expunge();
            MimeMessage planted = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws jakarta.mail.MessagingException {
                    setHeader("Message-ID", "<planted@example.com>");
                }
            };
            planted.setFrom("someone@example.com");
            planted.setSubject("planted");
            planted.setText("not archived by Conduit");
            f.appendMessages(new Message[] {planted});
            f.close(false);
        }
        Path file;
        try (Stream<Path> s = Files.walk(dovecot.dir())) {
            file = s.filter(x -> x.toString().contains(DANIEL) && x.toString().contains(FOLDER)
                    && x.getFileName().toString().equals("u." + uid(changed))).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("X-Conduit-Message-Class: IPM.NOTE.WhatsApp.") + "X-Conduit-Message-Class: IPM.NOTE.".length();
        assertThat(at).isGreaterThan(40);
        bytes[at] = (byte) 'w'; // WhatsApp -> whatsApp: one byte, same size
        Files.write(file, bytes);

        String out = verify(1);

        assertThat(out).contains("\"intact\":false,\"checked\":" + copies.size() + ",\"intact_copies\":" + (copies.size() - 2)
                + ",\"missing\":1,\"altered\":1,\"unknown\":1,\"ledger_findings\":0");
        assertThat(out).contains("missing: " + DANIEL + " / " + FOLDER + ": " + expunged.get("messageId") + " (ledger ")
                .contains(" entry " + expunged.get("seq") + ")")
                .contains("altered: " + DANIEL + " / " + FOLDER + ": " + changed.get("messageId"))
                .contains(" entry " + changed.get("seq") + "): MIME SHA-256 is ")
                .contains("unknown: " + DANIEL + " / " + FOLDER + ": <planted@example.com>: a message no ledger entry knows");
    }

    private static long uid(Map<String, Object> copy) {
        Matcher m = Pattern.compile(";UID=(\\d+)$").matcher(String.valueOf(copy.get("correlationId")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
