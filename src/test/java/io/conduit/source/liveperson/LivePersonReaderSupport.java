package io.conduit.source.liveperson;

import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the LivePerson reader tests: settings, fixture paths and draining records. */
final class LivePersonReaderSupport {

    static final SourceSettings SETTINGS = new SourceSettings("lp-test", ZoneOffset.UTC, null, "GB");

    private LivePersonReaderSupport() {
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/liveperson", name);
    }

    static List<Object> drain(SourceRecords records) {
        try (records) {
            List<Object> all = new ArrayList<>();
            records.forEachRemaining(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ArchiveItem> items(List<Object> records) {
        return records.stream().filter(ArchiveItem.class::isInstance).map(ArchiveItem.class::cast).toList();
    }

    static List<RejectedRecord> rejected(List<Object> records) {
        return records.stream().filter(RejectedRecord.class::isInstance).map(RejectedRecord.class::cast).toList();
    }
}
