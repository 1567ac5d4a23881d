package io.conduit.source.csv;

import io.conduit.model.Text;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;

import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Opens a delimited text file (the "custom delimited text files" connector, source type {@code csv}) as a stream of
 * records: a header row naming the documented columns, then one message per row, parsed with Commons CSV (RFC 4180
 * quoting, quoted fields may span lines) in the connector's dialect ({@link DelimitedTextOptions}).
 *
 * <p>Columns (header names, case-insensitive, any order; other columns ignored): {@code conversation_id},
 * {@code platform}, {@code conversation_type} (optional), {@code message_type}, {@code message_id}, {@code sender},
 * {@code recipients} ({@code ;}-separated), {@code timestamp}, {@code subject} (optional), {@code body},
 * {@code attachment_path} (optional). See {@link DelimitedTextRecords} for what each becomes.
 */
public final class DelimitedTextReader {

    /** Default custodian folder of the {@code csv} source type. */
    public static final String DEFAULT_FOLDER = "Delimited Text Archiver";
    /** File names of a folder that are delimited text files: {@code .csv} and {@code .tsv}. */
    public static final String FILE_NAMES = ".*\\.(csv|tsv)";
    /**
     * Longest record read, in chars (a quoted field that never closes would otherwise swallow the rest of the file
     * into memory): a longer record ends the reading of the file with a rejected record.
     */
    static final int MAX_RECORD_CHARS = 8 << 20;

    private DelimitedTextReader() {
    }

    /**
     * Opens a delimited text file.
     *
     * @param file     the file; attachment paths in it are relative to its folder
     * @param settings connector id, zone (of local timestamps), phone region, and the options
     *                 {@link DelimitedTextOptions#DELIMITER}, {@link DelimitedTextOptions#QUOTE},
     *                 {@link DelimitedTextOptions#ENCODING}, {@link DelimitedTextOptions#TIMESTAMP_PATTERN}
     * @return the records, in file order, to iterate and then close: an {@link io.conduit.model.ArchiveItem} per good
     *         row, a {@link io.conduit.model.RejectedRecord} naming {@code file:line} per bad row
     * @throws MalformedExportException naming the file when it is not a regular file, cannot be read, is empty, or its
     *                                  header row lacks a required column (named)
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     */
    public static DelimitedTextRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        DelimitedTextOptions options = DelimitedTextOptions.of(settings);
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedExportException(name + ": not a regular file (absent, a folder or a symbolic link)");
        }
        CSVParser parser = null;
        InputStream in = null;
        try {
            in = Files.newInputStream(file);
            BoundedReader bounded = reader(in, options);
            parser = CSVParser.builder().setReader(bounded).setFormat(options.csvFormat()).get();
            Iterator<CSVRecord> rows = parser.iterator();
            CSVRecord header = rows.hasNext() ? rows.next() : null;
            if (header == null || header.size() == 1 && header.get(0).isBlank()) {
                throw new MalformedExportException(name + ": empty, or no header row on line 1 (the documented columns "
                        + "conversation_id, platform, message_type, ... are required)");
            }
            DelimitedColumns columns = DelimitedColumns.of(header);
            return new DelimitedTextRecords(parser, rows, bounded, columns, options, file,
                    new AttachmentPaths(file.toAbsolutePath().getParent()), settings);
        } catch (IllegalArgumentException e) {
            close(parser, in);
            throw new MalformedExportException(name + ": " + Text.clean(e.getMessage()), e);
        } catch (IOException | UncheckedIOException e) {
            close(parser, in);
            throw new MalformedExportException(name + ": cannot be read as delimited text ("
                    + Text.clean(e.getMessage()) + ")", e);
        }
    }

    /** The file's text in the options' character set (invalid bytes become U+FFFD), without a byte order mark. */
    static BoundedReader reader(InputStream in, DelimitedTextOptions options) throws IOException {
        var decoder = options.encoding().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BoundedReader(skipBom(new InputStreamReader(in, decoder)));
    }

    /** Closes the parser, or the file when the parser was never made. */
    private static void close(CSVParser parser, InputStream in) {
        try (InputStream file = parser == null ? in : null) {
            if (parser != null) {
                parser.close();
            }
        } catch (IOException ignored) {
            // the open failed already; that is what is reported
        }
    }

    /** The text without a leading byte order mark (U+FEFF), which some tools write in UTF-8 files. */
    private static Reader skipBom(Reader in) throws IOException {
        PushbackReader r = new PushbackReader(in, 1);
        int c = r.read();
        if (c >= 0 && c != '\uFEFF') {
            r.unread(c);
        }
        return r;
    }

    /**
     * A reader that fails once more than {@link #MAX_RECORD_CHARS} chars were read since {@link #restart()}: it keeps a
     * quoted field that never closes from growing without bound.
     */
    static final class BoundedReader extends FilterReader {
        private long count;
        private boolean exceeded;

        BoundedReader(Reader in) {
            super(in);
        }

        /** Starts counting afresh (at the start of a record). */
        void restart() {
            count = 0;
        }

        /** True once the bound was hit (until {@link #skipLine()}). */
        boolean exceeded() {
            return exceeded;
        }

        /**
         * Skips {@code lines} lines (through their line feeds) without counting them, keeping the first
         * {@code keepChars} chars of the last one in {@code kept}; false when the text ends first.
         */
        boolean skipLines(long lines, StringBuilder kept, int keepChars) throws IOException {
            for (long n = 0; n < lines; n++) {
                int c;
                boolean last = n == lines - 1;
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (last && kept.length() < keepChars) {
                        kept.append((char) c);
                    }
                }
                if (c < 0) {
                    return false;
                }
            }
            count = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            check();
            count++;
            return super.read();
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            check();
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        private void check() throws IOException {
            if (count > MAX_RECORD_CHARS) {
                exceeded = true;
                throw new IOException("a record is longer than " + MAX_RECORD_CHARS + " chars");
            }
        }
    }
}
