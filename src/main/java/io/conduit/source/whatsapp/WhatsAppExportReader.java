package io.conduit.source.whatsapp;

import io.conduit.source.support.LineReader;
import io.conduit.source.MalformedExportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a WhatsApp chat export ({@code .txt}, or {@code .zip} with the chat text and media) as a stream of records.
 *
 * <p>The file is read twice, line by line: once to infer the date order and collect the senders
 * ({@link ExportScan}), once to emit the records ({@link ExportRecords}); neither pass holds the file in memory.
 */
public final class WhatsAppExportReader {

    /** Default cap on a ZIP export's total uncompressed size: 4 GiB. */
    public static final long MAX_UNCOMPRESSED_BYTES = 4L << 30;
    /** Bytes checked at the start of the chat text for NUL bytes and valid UTF-8. */
    static final int SNIFF_BYTES = 64 * 1024;

    private WhatsAppExportReader() {
    }

    /**
     * Opens an export with the default ZIP size cap.
     *
     * @see #open(Path, WhatsAppSettings, long)
     */
    public static ExportRecords open(Path file, WhatsAppSettings settings) throws MalformedExportException {
        return open(file, settings, MAX_UNCOMPRESSED_BYTES);
    }

    /**
     * Opens an export. A file ending in {@code .zip}, or starting with a ZIP signature, is read as a ZIP export.
     *
     * @param file            the export file
     * @param settings        connector, zone, owner and phone region
     * @param maxUncompressed cap on a ZIP export's total uncompressed size, in bytes
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file (and line when relevant) when it is not a readable WhatsApp
     *                                  export: empty, binary or not UTF-8 at its start, no message header at all,
     *                                  corrupt or unsafe ZIP, ZIP without chat text, unreadable
     */
    public static ExportRecords open(Path file, WhatsAppSettings settings, long maxUncompressed)
            throws MalformedExportException {
        String name = file.getFileName().toString();
        ExportInput input = isZip(file) ? ZipExport.open(file, maxUncompressed) : ExportInput.text(file);
        LineReader second = null;
        try {
            sniff(input);
            ExportScan scan;
            try (LineReader first = lines(input)) {
                scan = ExportScan.scan(first, input.refPrefix());
            }
            if (scan.headers == 0) {
                throw new MalformedExportException(input.refPrefix()
                        + ": not a WhatsApp export (no line looks like a message header)");
            }
            second = lines(input);
            return new ExportRecords(input, second, settings, scan);
        } catch (IOException e) {
            closeQuietly(input, second);
            throw new MalformedExportException(name + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (MalformedExportException | RuntimeException e) {
            closeQuietly(input, second);
            throw e;
        }
    }

    private static boolean isZip(Path file) throws MalformedExportException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new MalformedExportException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void sniff(ExportInput input) throws IOException, MalformedExportException {
        byte[] head;
        boolean whole;
        try (InputStream in = input.openChat()) {
            head = in.readNBytes(SNIFF_BYTES);
            whole = in.read() < 0;
        }
        int start = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb
                && (head[2] & 0xff) == 0xbf ? 3 : 0;
        if (head.length - start == 0) {
            throw new MalformedExportException(input.refPrefix() + ": empty file, not a WhatsApp export");
        }
        for (byte b : head) {
            if (b == 0) {
                throw new MalformedExportException(input.refPrefix() + ": not a WhatsApp export: binary content");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(head);
        CharBuffer chars = CharBuffer.allocate(head.length);
        if (decoder.decode(bytes, chars, whole).isError()
                || whole && decoder.flush(chars).isError()) {
            throw new MalformedExportException(input.refPrefix()
                    + ": not a WhatsApp export: binary content (not valid UTF-8)");
        }
    }

    private static LineReader lines(ExportInput input) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Reader reader = new InputStreamReader(input.openChat(), decoder);
        return new LineReader(reader, ExportRecords.MAX_LINE_CHARS);
    }

    private static void closeQuietly(ExportInput input, LineReader reader) {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException ignored) {
            // already failing with a better reason
        }
        try {
            input.close();
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }
}
