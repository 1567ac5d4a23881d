package io.conduit.source.signal;

import io.conduit.model.ArchiveItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spool files written per poll are complete {@code .jsonl} files that {@link SignalJsonReader} reads. */
class SignalSpoolTest {

    @TempDir
    Path tmp;

    @Test
    void pollIsWrittenAtomicallyAndReadBack() throws Exception {
        String line = Files.readAllLines(SignalJsonReaderTest.fixture("messages.jsonl")).get(0);

        Optional<Path> spool = SignalSpool.write(tmp.resolve("spool"), "signal-test", List.of(line));

        assertThat(spool).isPresent();
        assertThat(spool.get().getFileName().toString()).startsWith("signal-test-").endsWith(".jsonl");
        try (Stream<Path> files = Files.list(tmp.resolve("spool"))) {
            assertThat(files).containsExactly(spool.get());
        }
        assertThat(SignalJsonReaderTest.readAll(spool.get())).singleElement().isInstanceOf(ArchiveItem.class);
    }

    @Test
    void emptyPollWritesNothing() throws Exception {
        assertThat(SignalSpool.write(tmp, "signal-test", List.of())).isEmpty();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void unsafePrefixAndLineBreaksAreRefused() {
        assertThatThrownBy(() -> SignalSpool.write(tmp, "../x", List.of("{}"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SignalSpool.write(tmp, "p", List.of("{}\n{}"))).isInstanceOf(IOException.class)
                .hasMessageContaining("line break");
    }
}
