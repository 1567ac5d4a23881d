package io.conduit.source.slack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds Slack export ZIPs for tests from the fixture folders under
 * {@code src/test/resources/io/conduit/source/slack/}: {@code export/} (a clean export with every variant) and
 * {@code malformed/} (broken day files to lay over it).
 */
public final class SlackExports {

    /** The clean fixture export folder. */
    public static final Path EXPORT = Path.of("src/test/resources/io/conduit/source/slack/export");
    /** Broken day files, laid over {@link #EXPORT} by tests of quarantine. */
    public static final Path MALFORMED = Path.of("src/test/resources/io/conduit/source/slack/malformed");

    private SlackExports() {
    }

    /**
     * Writes a ZIP of the folders' files (a later folder's file replaces an earlier one's of the same relative name),
     * each entry name prefixed with {@code prefix} (e.g. {@code ""} or {@code "Acme Slack export/"}), plus the extra
     * entries given as name to content.
     */
    public static Path zip(Path target, String prefix, Map<String, String> extra, Path... folders) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    entries.put(prefix + folder.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        }
        extra.forEach((name, text) -> entries.put(name, text.getBytes(StandardCharsets.UTF_8)));
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    /** A ZIP of the clean fixture export. */
    public static Path clean(Path target) throws IOException {
        return zip(target, "", Map.of(), EXPORT);
    }

    /** A ZIP of the fixture export with the malformed day files laid over it. */
    public static Path withMalformedDays(Path target) throws IOException {
        return zip(target, "", Map.of(), EXPORT, MALFORMED);
    }
}
