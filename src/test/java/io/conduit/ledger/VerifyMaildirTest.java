package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.conduit.ledger.DemoArchive.Result;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the demo WhatsApp chats imported into a Maildir archive leave a ledger that {@code conduit verify} finds
 * intact, and each kind of tampering (a copy deleted, one byte of a copy changed, a message put in by someone else, a
 * ledger line edited, removed or swapped with the next, a seal re-signed with another key) is reported precisely.
 */
class VerifyMaildirTest extends DemoArchive.Imported {

    private Result cli(String... args) throws Exception {
        return DemoArchive.cli(args);
    }

    private Result verify() throws Exception {
        return demo.verify();
    }

    private List<String> ledgerLines() throws Exception {
        return demo.ledgerLines();
    }

    private List<Map<String, Object>> copies() throws Exception {
        return demo.copies();
    }

    private Path file(Map<String, Object> copy) {
        return demo.file(copy);
    }

    @Test
    void an_untouched_archive_verifies_clean_with_every_copy_hashed_and_the_source_hash_in_each_copy() throws Exception {
        List<Map<String, Object>> copies = copies();
        Result r = verify();

        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.summary).containsEntry("intact", true).containsEntry("checked", copies.size())
                .containsEntry("intact_copies", copies.size()).containsEntry("missing", 0).containsEntry("altered", 0)
                .containsEntry("unknown", 0).containsEntry("ledger_findings", 0);
        assertThat(copies).isNotEmpty().allSatisfy(c -> {
            assertThat(String.valueOf(c.get("mimeSha256"))).hasSize(64);
            assertThat(String.valueOf(c.get("sourceSha256"))).hasSize(64);
        });
        Map<String, Object> first = copies.get(0);
        String stored = Files.readString(file(first), StandardCharsets.UTF_8);
        assertThat(stored).contains("X-Conduit-Source-SHA256: " + first.get("sourceSha256"));
        try (var in = Files.newInputStream(file(first))) {
            MimeDigest.Result d = MimeDigest.of(in);
            assertThat(d.sha256()).isEqualTo(first.get("mimeSha256"));
            assertThat(d.size()).isEqualTo(((Number) first.get("size")).longValue());
        }
        assertThat(tmp.resolve("report/verify-report.json")).exists();
        assertThat(Files.readString(tmp.resolve("report/verify-report.html"))).contains("Intact");
        assertThat(ledgerLines()).filteredOn(l -> l.contains("\"type\":\"seal\"")).hasSize(2);
        Path privateKey = tmp.resolve("state/ledger/" + LedgerKeys.PRIVATE_FILE);
        assertThat(Files.getPosixFilePermissions(privateKey)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        Result key = cli("ledger", "public-key", "--state", tmp.resolve("state").toString());
        assertThat(key.out).startsWith("-----BEGIN PUBLIC KEY-----")
                .isEqualTo(Files.readString(tmp.resolve("state/ledger/" + LedgerKeys.PUBLIC_FILE)));
    }

    @Test
    void a_deleted_copy_is_reported_missing_with_its_ledger_entry() throws Exception {
        Map<String, Object> victim = copies().get(3);
        Files.delete(file(victim));

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.summary).containsEntry("intact", false).containsEntry("missing", 1).containsEntry("altered", 0)
                .containsEntry("unknown", 0);
        assertThat(r.out).contains("missing: " + victim.get("mailbox") + " / " + victim.get("folder") + ": "
                + victim.get("messageId") + " (ledger " + ledger.getFileName().toString().replace(".jsonl", "")
                + " entry " + victim.get("seq") + ")");
    }

    @Test
    void one_byte_changed_in_a_stored_copy_is_reported_altered() throws Exception {
        Map<String, Object> victim = copies().get(5);
        byte[] bytes = Files.readAllBytes(file(victim));
        bytes[bytes.length - 5] ^= 0x01;
        Files.write(file(victim), bytes);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.summary).containsEntry("altered", 1).containsEntry("missing", 0).containsEntry("unknown", 0);
        assertThat(r.out).contains("altered: " + victim.get("mailbox") + " / " + victim.get("folder") + ": "
                + victim.get("messageId") + " (ledger").contains("entry " + victim.get("seq") + ")");
    }

    @Test
    void a_message_put_into_a_custodian_folder_by_someone_else_is_reported_unknown() throws Exception {
        Map<String, Object> any = copies().get(0);
        Path dir = file(any).getParent().getParent();
        Files.writeString(dir.resolve("new/1700000000.Mforged.host"), "From: x@example.com\r\nMessage-ID: <forged@example.com>\r\n"
                + "Subject: planted\r\n\r\nbody\r\n");

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.summary).containsEntry("unknown", 1).containsEntry("missing", 0).containsEntry("altered", 0);
        assertThat(r.out).contains("unknown: " + any.get("mailbox")).contains("<forged@example.com>: a message no ledger entry knows");
    }

    @Test
    void an_edited_ledger_line_is_reported_at_its_line() throws Exception {
        List<String> lines = ledgerLines();
        lines.set(6, lines.get(6).replace("\"mailbox\":\"", "\"mailbox\":\"x"));
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 7: edited: entry 7 does not match its hash");
    }

    @Test
    void a_removed_ledger_line_is_reported_as_the_missing_entry() throws Exception {
        List<String> lines = ledgerLines();
        lines.remove(9);
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 10: removed: entry 10 missing before entry 11");
    }

    @Test
    void two_swapped_ledger_lines_are_reported_reordered() throws Exception {
        List<String> lines = ledgerLines();
        String a = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, a);
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 4: reordered: entry 5 comes before entry 4")
                .contains("line 5: reordered: entry 4 comes after entry 5")
                .doesNotContain("broken-link").doesNotContain("edited");
    }

    @Test
    void an_inserted_ledger_entry_is_reported_at_its_line() throws Exception {
        List<String> lines = ledgerLines();
        Map<String, Object> forged = DemoArchive.entry(lines.get(2));
        forged.put("messageId", "<forged@example.com>");
        forged.remove("hash");
        forged.put("hash", Canonical.sha256(Canonical.bytes(forged))); // a well-formed entry, hash and all
        lines.add(3, Canonical.utf8(Canonical.bytes(forged)));
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 4: inserted: a second entry 3: an entry was inserted or copied");
    }

    @Test
    void a_seal_re_signed_with_another_key_is_reported_as_a_bad_signature() throws Exception {
        List<String> lines = ledgerLines();
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"seal\"")) {
                at = i;
                break;
            }
        }
        Map<String, Object> seal = DemoArchive.entry(lines.get(at));
        seal.remove("hash");
        seal.remove("sig");
        seal.put("copies", 1); // the forger's counts
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(other.getPrivate());
        s.update(Canonical.bytes(seal));
        seal.put("sig", Base64.getEncoder().encodeToString(s.sign()));
        seal.put("hash", Canonical.sha256(Canonical.bytes(seal)));
        lines.set(at, Canonical.utf8(Canonical.bytes(seal)));
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line " + (at + 1) + ": bad-signature: seal " + (at + 1) + " is not signed by the ledger's public key")
                .doesNotContain(": edited:");
    }
}
