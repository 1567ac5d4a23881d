package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers for the WhatsApp reader tests: fixtures, settings and reading a whole (small) export. */
final class WhatsAppTestSupport {

    static final ZoneId ZONE = ZoneId.of("Europe/London");
    static final WhatsAppSettings SETTINGS = new WhatsAppSettings("wa-test", ZONE, null, "GB");

    private WhatsAppTestSupport() {
    }

    /** Copies a fixture from {@code src/test/resources/whatsapp/} into {@code dir} under {@code targetName}. */
    static Path fixture(Path dir, String resource, String targetName) {
        try (InputStream in = WhatsAppTestSupport.class.getResourceAsStream("/whatsapp/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            Path target = dir.resolve(targetName);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every record of a small export into a list. */
    static List<Object> readAll(Path file, WhatsAppSettings settings) throws Exception {
        List<Object> out = new ArrayList<>();
        try (ExportRecords records = WhatsAppExportReader.open(file, settings)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }

    static List<Object> readAll(Path file) throws Exception {
        return readAll(file, SETTINGS);
    }

    static List<ArchiveItem> items(List<Object> records) {
        return records.stream().filter(ArchiveItem.class::isInstance).map(ArchiveItem.class::cast).toList();
    }

    static List<RejectedRecord> rejected(List<Object> records) {
        return records.stream().filter(RejectedRecord.class::isInstance).map(RejectedRecord.class::cast).toList();
    }

    static LocalDateTime local(ArchiveItem item) {
        return LocalDateTime.ofInstant(item.timestamp(), ZONE);
    }
}
