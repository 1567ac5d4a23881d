package io.conduit.cli;

import static io.conduit.test.Mails.body;
import static io.conduit.test.Mails.content;
import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.mime.ConduitHeaders;
import io.conduit.test.DovecotServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code import whatsapp} into a real Dovecot over IMAPS with a master user: the demo exports and every real sample
 * export in {@code ../shared/samples/whatsapp/} land in the right mailboxes and folders, exactly once.
 */
class WhatsAppImportIT {

    private static final List<String> CUSTODIANS = List.of("daniel.reed@example.com", "sofia.marin@example.com",
            "tom.okafor@example.com", "compliance@example.com", "john@example.com");

    private static DovecotServer dovecot;

    @TempDir
    static Path tmp;

    private static Path passwordFile;

    @BeforeAll
    static void startDovecot() throws Exception {
        dovecot = DovecotServer.shared();
        Map<String, String> users = new java.util.LinkedHashMap<>();
        CUSTODIANS.forEach(u -> users.put(u, "user-secret"));
        dovecot.addUsers(users);
        passwordFile = tmp.resolve("imap-password");
        Files.writeString(passwordFile, dovecot.masterPassword() + "\n");
    }

    record Result(int exit, String out, Map<String, Object> summary) {
        long count(String key) {
            return ((Number) summary.get(key)).longValue();
        }
    }

    private static Result importInto(Path state, String input, String... extra) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("import", "whatsapp", input,
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", passwordFile.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", state.toString(), "--catch-all", "compliance@example.com"));
        args.addAll(List.of(extra));
        int exit = cli.execute(args.toArray(String[]::new));
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        assertThat(err.toString()).doesNotContain(dovecot.masterPassword());
        assertThat(out.toString()).doesNotContain(dovecot.masterPassword());
        return new Result(exit, out.toString() + err, summary);
    }

    @Test
    void archives_the_demo_into_each_custodian_mailbox_over_imaps_and_a_rerun_adds_nothing() throws Exception {
        Path state = tmp.resolve("demo-state");
        String[] options = {"--mapping", "demo/mapping.csv", "--default-region", "GB", "--owner", "+44 7700 900001",
                "--zone", "Europe/London", "--folder", "WhatsApp Demo"};

        Result first = importInto(state, "demo/whatsapp", options);

        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.count("archived")).isEqualTo(first.count("items")).isPositive();
        List<MimeMessage> daniel = dovecot.messages("daniel.reed@example.com", "WhatsApp Demo");
        List<MimeMessage> tom = dovecot.messages("tom.okafor@example.com", "WhatsApp Demo");
        List<MimeMessage> sofia = dovecot.messages("sofia.marin@example.com", "WhatsApp Demo");
        assertThat(daniel).hasSize((int) first.count("items"));
        assertThat(daniel.size() + tom.size() + sofia.size()).isEqualTo((int) first.count("copies"));
        assertThat(messageIds(daniel)).hasSize(daniel.size());
        assertThat(tom).allMatch(m -> header(m, ConduitHeaders.CONVERSATION_ID).equals("Rates Desk"));
        MimeMessage pdf = daniel.stream().filter(m -> content(m) instanceof MimeMultipart).findFirst().orElseThrow();
        assertThat(header(pdf, ConduitHeaders.MESSAGE_CLASS)).isEqualTo("IPM.NOTE.WhatsApp.Message");
        assertThat(((MimeMultipart) content(pdf)).getBodyPart(1).getFileName()).endsWith(".pdf");
        assertThat(Files.readString(state.resolve("connector-log/whatsapp-import.jsonl")))
                .contains("\"correlationId\":\"imap://daniel.reed%40example.com@").contains(";UID=");

        Result again = importInto(state, "demo/whatsapp", options);

        assertThat(again.exit()).isZero();
        assertThat(again.count("duplicates")).isEqualTo(first.count("items"));
        assertThat(again.count("copies")).isZero();
        assertThat(dovecot.messages("daniel.reed@example.com", "WhatsApp Demo")).hasSize(daniel.size());
    }

    @Test
    void every_real_sample_export_archives_completely() throws Exception {
        Path samples = Path.of(System.getProperty("conduit.samples", "../shared/samples"), "whatsapp");
        Assumptions.assumeTrue(Files.isDirectory(samples), "no samples folder at " + samples);
        Path mapping = tmp.resolve("samples-mapping.csv");
        Files.writeString(mapping, "identifier,mailbox\nJohn Doe,john@example.com\n");
        List<Path> files;
        try (Stream<Path> s = Files.list(samples)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int expectedInFolder = 0;
        for (Path file : files) {
            Result r = importInto(tmp.resolve("samples-state"), file.toString(), "--mapping", mapping.toString(),
                    "--folder", "WhatsApp Samples", "--connector", "samples");
            List<MimeMessage> john = dovecot.messages("john@example.com", "WhatsApp Samples");
            List<MimeMessage> catchAll = dovecot.messages("compliance@example.com", "Inbox");
            System.out.printf("sample %s: items=%d archived=%d copies=%d john@example.com/WhatsApp Samples=%d catch-all=%d%n",
                    file.getFileName(), r.count("items"), r.count("archived"), r.count("copies"), john.size(), catchAll.size());

            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.count("items")).isPositive().isEqualTo(r.count("archived"));
            expectedInFolder += (int) r.count("archived");
            assertThat(john).as("every item of %s in the custodian's folder", file.getFileName()).hasSize(expectedInFolder);
            assertThat(messageIds(john)).hasSize(expectedInFolder);
        }
    }

    private static Set<String> messageIds(List<MimeMessage> messages) throws Exception {
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : messages) {
            ids.add(m.getMessageID());
        }
        return ids;
    }
}
