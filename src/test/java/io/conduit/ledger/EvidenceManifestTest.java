package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.conduit.Maildirs;
import io.conduit.cli.ConduitCommand;
import io.conduit.test.Mails;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13 point 3: each run's seal and ledger entries are archived as an {@code IPM.NOTE.Conduit.Manifest} item into
 * the evidence mailbox (the catch-all mailbox by default), and {@code verify --from-manifests} proves the archive from
 * the mailbox alone: intact when untouched; a removed manifest is a gap in the chain; an altered copy is found.
 */
class EvidenceManifestTest {

    private static final String CATCH_ALL = "compliance@example.com";

    @TempDir
    Path tmp;

    private Path archive;

    @BeforeEach
    void importDemoTwice() {
        archive = tmp.resolve("archive");
        for (String chat : List.of("demo/whatsapp/WhatsApp Chat with Priya Shah.txt", "demo/whatsapp/WhatsApp Chat - Rates Desk.zip")) {
            Run r = cli("import", "whatsapp", chat, "--mapping", "demo/mapping.csv", "--default-region", "GB",
                    "--zone", "Europe/London", "--owner", "+44 7700 900001", "--to", "maildir:" + archive,
                    "--state", tmp.resolve("state").toString(), "--catch-all", CATCH_ALL);
            assertThat(r.exit).as(r.out).isZero();
        }
    }

    private record Run(int exit, String out) {
        String last() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private Run verifyFromManifests() {
        return cli("verify", "--from-manifests", "--to", "maildir:" + archive, "--evidence-mailbox", CATCH_ALL,
                "--public-key", tmp.resolve("state/ledger/ed25519-public.pem").toString(),
                "--report", tmp.resolve("report").toString());
    }

    private List<Path> manifests() throws Exception {
        Path folder = archive.resolve(CATCH_ALL).resolve(".Conduit Evidence");
        try (Stream<Path> files = Stream.concat(Files.list(folder.resolve("new")), Files.list(folder.resolve("cur")))) {
            return files.sorted().toList();
        }
    }

    @Test
    void each_run_leaves_a_signed_manifest_in_the_evidence_mailbox() throws Exception {
        List<Path> files = manifests();
        assertThat(files).hasSize(2); // one per run
        MimeMessage manifest;
        try (var in = Files.newInputStream(files.get(0))) {
            manifest = new MimeMessage(null, in);
        }
        assertThat(Mails.header(manifest, "X-Conduit-Message-Class")).isEqualTo(EvidenceManifests.MESSAGE_CLASS);
        assertThat(Mails.header(manifest, "Content-Class")).isEqualTo("urn:content-class:custom.Conduit.Manifest");
        assertThat(manifest.getMessageID()).startsWith("<manifest.").endsWith("@conduit.invalid>");
        assertThat(manifest.getSubject()).contains("[Conduit evidence]").contains("balanced");
        Multipart parts = (Multipart) manifest.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).endsWith(".jsonl.gz");
        assertThat(parts.getBodyPart(2).getFileName()).isEqualTo("ed25519-public.pem");
        assertThat(Mails.text(manifest)).contains("\"type\" : \"seal\"").contains("\"sig\"");
    }

    @Test
    void a_run_larger_than_one_manifest_part_is_archived_in_parts_that_verify_together() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("big"));
        archive = big.resolve("archive");
        System.setProperty("conduit.ledger.manifest-part-entries", "7");
        try {
            Run r = cli("import", "whatsapp", "demo/whatsapp/WhatsApp Chat - Rates Desk.zip", "--mapping",
                    "demo/mapping.csv", "--default-region", "GB", "--zone", "Europe/London", "--owner",
                    "+44 7700 900001", "--to", "maildir:" + archive, "--state", big.resolve("state").toString(),
                    "--catch-all", CATCH_ALL);
            assertThat(r.exit).as(r.out).isZero();
        } finally {
            System.clearProperty("conduit.ledger.manifest-part-entries");
        }
        List<Path> parts = manifests();
        assertThat(parts).hasSizeGreaterThan(2);
        List<String> subjects = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Path f : parts) {
            try (var in = Files.newInputStream(f)) {
                MimeMessage m = new MimeMessage(null, in);
                subjects.add(m.getSubject());
                ids.add(m.getMessageID());
            }
        }
        assertThat(ids).hasSize(parts.size());
        assertThat(subjects).allSatisfy(sub -> assertThat(sub).contains("of " + parts.size() + ")"));
        Run v = cli("verify", "--from-manifests", "--to", "maildir:" + archive, "--evidence-mailbox", CATCH_ALL,
                "--public-key", big.resolve("state/ledger/ed25519-public.pem").toString(), "--report",
                big.resolve("report").toString());
        assertThat(v.exit).as(v.out).isZero();
        assertThat(v.out).contains("read " + parts.size() + " evidence manifest(s)");
        assertThat(v.last()).contains("\"intact\":true").contains("\"missing\":0").contains("\"ledger_findings\":0");
    }

    @Test
    void the_archive_verifies_from_its_manifests_alone() throws Exception {
        // the state folder is not needed: it is moved away
        Files.move(tmp.resolve("state/ledger/ed25519-public.pem"), tmp.resolve("published.pem"));
        Files.walk(tmp.resolve("state")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Run r = cli("verify", "--from-manifests", "--to", "maildir:" + archive, "--evidence-mailbox", CATCH_ALL,
                "--public-key", tmp.resolve("published.pem").toString(), "--report", tmp.resolve("report").toString());
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("read 2 evidence manifest(s)");
        long copies = Maildirs.all(archive).stream().filter(m -> !EvidenceManifests.MESSAGE_CLASS
                .equals(Mails.header(m, "X-Conduit-Message-Class"))).count();
        assertThat(r.last()).contains("\"intact\":true").contains("\"checked\":" + copies).contains("\"missing\":0")
                .contains("\"altered\":0").contains("\"unknown\":0").contains("\"ledger_findings\":0");
    }

    /** The manifest whose ledger range starts with {@code first}. */
    private Path manifestFrom(long first) throws Exception {
        for (Path f : manifests()) {
            try (var in = Files.newInputStream(f)) {
                if (new MimeMessage(null, in).getHeader(EvidenceManifests.LEDGER_RANGE, null).startsWith(first + "-")) {
                    return f;
                }
            }
        }
        throw new AssertionError("no manifest from ledger entry " + first);
    }

    @Test
    void a_removed_manifest_is_a_gap_in_the_chain() throws Exception {
        Files.delete(manifestFrom(1));
        Run r = verifyFromManifests();
        assertThat(r.exit).as(r.out).isEqualTo(1);
        assertThat(r.out).contains("read 1 evidence manifest(s)").contains("removed: entries 1-");
        assertThat(r.last()).contains("\"intact\":false");
    }

    @Test
    void a_removed_last_manifest_leaves_its_copies_unknown() throws Exception {
        for (Path f : manifests()) {
            if (!f.equals(manifestFrom(1))) {
                Files.delete(f);
            }
        }
        Run r = verifyFromManifests();
        assertThat(r.exit).as(r.out).isEqualTo(1);
        assertThat(r.out).contains("a message no ledger entry knows");
        assertThat(r.last()).contains("\"intact\":false").containsPattern("\"unknown\":[1-9]");
    }

    @Test
    void an_altered_copy_is_found_from_the_manifests() throws Exception {
        Path copy;
        try (Stream<Path> files = Files.walk(archive)) {
            copy = files.filter(f -> f.getParent().getFileName().toString().equals("new")
                    && !f.toString().contains("Conduit Evidence")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(copy, Files.readString(copy).replaceFirst("Subject: ", "Subject: X"));
        Run r = verifyFromManifests();
        assertThat(r.exit).as(r.out).isEqualTo(1);
        assertThat(r.last()).contains("\"intact\":false").contains("\"altered\":1").contains("\"ledger_findings\":0");
    }
}
