package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Telegram personal chat exported without an owner (issue 11, point 4): the owner is the sender who is not the
 * chat's peer, the peer's messages reach the owner's mailbox, and the run says it had to guess.
 */
class TelegramOwnerInferenceTest {

    @TempDir
    Path tmp;

    @Test
    void the_owner_of_a_personal_chat_is_inferred_from_its_senders_and_the_run_says_so() throws Exception {
        Path file = Files.writeString(tmp.resolve("result.json"), """
                {"name": "Alice Smith", "type": "personal_chat", "id": 4455667788, "messages": [
                 {"id": 1, "type": "message", "date_unixtime": "1709283600", "from": "Alice Smith",
                  "from_id": "user4455667788", "text": "Can you price it?"},
                 {"id": 2, "type": "message", "date_unixtime": "1709283660", "from": "Owen Owner",
                  "from_id": "user1000001", "text": "Yes, 101.5"}
                ]}
                """);
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "user1000001,owen.owner@example.com,Owen Owner\n");

        List<String> out = ImportRun.lines(tmp, ExitCodes.OK, "import", "telegram", file.toString(),
                "--mapping", mapping.toString());

        assertThat(out).anyMatch(l -> l.contains("owner inferred: Owen Owner (user1000001)"));
        List<MimeMessage> owen = Maildirs.messages(tmp.resolve("archive"), "owen.owner@example.com", "Telegram Archiver");
        assertThat(owen).hasSize(2);
        assertThat(owen).anySatisfy(m -> assertThat(m.getHeader(ConduitHeaders.MESSAGE_CLASS, null))
                .isEqualTo("IPM.NOTE.Telegram.Message"));
        try (var logs = Files.list(tmp.resolve("state/connector-log"))) {
            String log = Files.readString(logs.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
            assertThat(log).contains("\"notes\":[\"owner inferred: Owen Owner (user1000001)");
        }
    }
}
