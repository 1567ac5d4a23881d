package io.conduit.source.whatsappbusiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's listing (each poll) never takes a delivery being written from under the listener: a fresh {@code .tmp}
 * stays (its write then renames it into place and the webhook answers 200), and only one a crash left behind, older
 * than {@link WebhookSpool#ABANDONED_AFTER}, is deleted. A listing that deleted every {@code .tmp} made the listener
 * answer 500 to a delivery written during a poll (NoSuchFileException on its rename).
 */
class WebhookSpoolTest {

    @TempDir
    Path tmp;

    @Test
    void a_delivery_being_written_survives_a_listing_and_one_left_by_a_crash_does_not() throws Exception {
        WebhookSpool spool = new WebhookSpool(tmp.resolve("spool"));
        Path accepted = spool.write("{\"object\":\"whatsapp_business_account\"}".getBytes());
        Path writing = Files.writeString(spool.dir().resolve("0000000000002-being-written.json.tmp"), "{");
        Path crashed = Files.writeString(spool.dir().resolve("0000000000001-crashed.json.tmp"), "{");
        Files.setLastModifiedTime(crashed,
                FileTime.from(Instant.now().minus(WebhookSpool.ABANDONED_AFTER).minusSeconds(5)));

        assertThat(spool.pending()).containsExactly(accepted);
        assertThat(writing).exists();
        assertThat(crashed).doesNotExist();
        assertThat(spool.depth()).isEqualTo(1);
    }
}
