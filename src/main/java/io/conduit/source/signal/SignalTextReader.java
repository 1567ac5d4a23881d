package io.conduit.source.signal;

import io.conduit.source.support.LineReader;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Opens a Signal chat exported as text ({@code [yyyy-mm-dd, HH:MM] Name: text} per message, continuation lines
 * belong to the message above, as in chat-miner's Signal test export) as a stream of records.
 *
 * <p>The file is read twice, line by line: once to collect the senders, once to emit the records; neither pass holds
 * the file in memory.
 */
public final class SignalTextReader {

    /** Most distinct senders collected by the first pass; further names still become senders of their items. */
    static final int MAX_SENDERS = 10_000;

    private SignalTextReader() {
    }

    /**
     * Opens a text export.
     *
     * @param file     the export (UTF-8; invalid bytes become U+FFFD); its base name is the conversation id and name
     * @param settings connector id, zone of the local times in the file, owner and phone region
     * @return the records, to iterate and then close; each is an {@link io.conduit.model.ArchiveItem} with source
     *         {@code Signal}, event {@code Message}, or a {@link io.conduit.model.RejectedRecord} naming
     *         {@code file:line}
     * @throws MalformedExportException naming the file when it is not a regular file, cannot be read or has no
     *                                  message header line at all
     */
    public static SignalTextRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedExportException(name + ": not a regular file (absent, a folder or a symbolic link)");
        }
        Set<String> senders = new LinkedHashSet<>();
        try (LineReader first = lines(file)) {
            boolean any = false;
            for (LineReader.Line l = first.next(); l != null; l = first.next()) {
                TextHeader h = TextHeader.parse(stripBom(l));
                if (h != null) {
                    any = true;
                    if (senders.size() < MAX_SENDERS) {
                        senders.add(h.author());
                    }
                }
            }
            if (!any) {
                throw new MalformedExportException(name
                        + ": not a Signal text export (no line looks like \"[yyyy-mm-dd, HH:MM] Name: text\")");
            }
            return new SignalTextRecords(lines(file), name, baseName(name), settings, senders);
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot be read (" + Escapes.of(e.getMessage()) + ")", e);
        }
    }

    static String stripBom(LineReader.Line l) {
        return l.number() == 1 && l.text().startsWith("\uFEFF") ? l.text().substring(1) : l.text();
    }

    private static LineReader lines(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new LineReader(new InputStreamReader(Files.newInputStream(file), decoder),
                SignalJsonRecords.MAX_LINE_CHARS);
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
