package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The scratch index of {@code conduit verify}: which entry a key recorded twice keeps, keys kept apart, the file gone. */
class VerifyIndexTest {

    private static Map<String, Object> copy(long seq, String messageId, String sha) {
        return Map.of("type", "copy", "seq", seq, "mailbox", "Alice@example.com", "folder", "WhatsApp Archiver",
                "messageId", messageId, "correlationId", "c" + seq, "mimeSha256", sha);
    }

    private static List<VerifyIndex.Copy> missing(VerifyIndex index) throws Exception {
        List<VerifyIndex.Copy> all = new ArrayList<>();
        index.forEachMissing("alice@example.com", all::add);
        return all;
    }

    @Test
    void a_key_recorded_again_keeps_the_last_entry_in_scope() throws Exception {
        Path file;
        try (VerifyIndex index = new VerifyIndex()) {
            file = index.file();
            assertThat(file).exists();
            index.ledger("a");
            index.put("alice@example.com", "k1", "whatsapp archiver", copy(3, "<1@x>", "aa"), true);
            index.put("alice@example.com", "k2", "whatsapp archiver", copy(4, "<2@x>", "bb"), false);
            index.ledger("b");
            index.put("alice@example.com", "k1", "whatsapp archiver", copy(7, "<1@x>", "cc"), false); // outside
            index.put("alice@example.com", "k2", "whatsapp archiver", copy(8, "<2@x>", "dd"), true);

            List<VerifyIndex.Copy> never = missing(index);

            assertThat(never).extracting(VerifyIndex.Copy::connector, VerifyIndex.Copy::seq, VerifyIndex.Copy::mimeSha256)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3L, "aa"),
                            org.assertj.core.groups.Tuple.tuple("b", 8L, "dd"));
            VerifyIndex.Match m = index.readBack("alice@example.com", "k1");
            assertThat(m.inScope()).isTrue();
            assertThat(m.again()).isFalse();
            assertThat(m.copy().seq()).isEqualTo(3);
            assertThat(index.readBack("alice@example.com", "k1").again()).isTrue();
            assertThat(missing(index)).extracting(VerifyIndex.Copy::seq).containsExactly(8L);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void keys_that_differ_in_a_lone_surrogate_stay_apart() throws Exception {
        try (VerifyIndex index = new VerifyIndex()) {
            index.ledger("a");
            assertThat(index.firstInLedger("a\u0000<x\uD800@y>")).isTrue();
            assertThat(index.firstInLedger("a\u0000<x?@y>")).isTrue();
            assertThat(index.firstInLedger("a\u0000<x\uD800@y>")).isFalse();
            index.put("alice@example.com", "<x\uD800@y>", "f", copy(1, "<x\uD800@y>", "aa"), true);
            index.put("alice@example.com", "<x?@y>", "f", copy(2, "<x?@y>", "bb"), true);
            assertThat(missing(index)).hasSize(2);
        }
    }
}
