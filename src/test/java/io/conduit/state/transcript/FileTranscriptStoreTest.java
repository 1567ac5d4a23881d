package io.conduit.state.transcript;

import io.conduit.state.transcript.FileTranscriptStore;
import io.conduit.state.transcript.TranscriptStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileTranscriptStore} in a temp state folder, and after a crash that cut its last line. */
class FileTranscriptStoreTest extends TranscriptStoreContract {

    @TempDir
    Path state;

    @Override
    TranscriptStore store() {
        return new FileTranscriptStore(state);
    }

    @Test
    void a_last_line_cut_by_a_crash_is_left_out_and_the_day_stays_pending_after_a_restart() throws Exception {
        TranscriptStore store = store();
        store.stage(DAY, "WhatsApp Archiver", item("m1", null));
        Path items;
        try (Stream<Path> files = Files.walk(state.resolve("transcripts"))) {
            items = files.filter(p -> p.getFileName().toString().equals("items.jsonl")).findFirst().orElseThrow();
        }
        Files.writeString(items, "{\"source\":\"WhatsApp\",\"bo", StandardOpenOption.APPEND);

        TranscriptStore restarted = new FileTranscriptStore(state);

        assertThat(restarted.pending()).containsExactly(DAY);
        assertThat(restarted.items(DAY)).hasSize(1);
    }
}
