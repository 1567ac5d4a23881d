package io.conduit.source.csv;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.conduit.source.SourceSettings;
import org.apache.commons.csv.CSVFormat;

/**
 * A delimited text connector's dialect: delimiter, quote, encoding and how timestamps are written, read from the
 * connector's options ({@value #DELIMITER}, {@value #QUOTE}, {@value #ENCODING}, {@value #TIMESTAMP_PATTERN}) and zone.
 *
 * @param delimiter field separator, one character; {@code tab} or {@code \t} in the configuration mean a tab
 * @param quote     quote character of RFC 4180 quoted fields (a quote inside one is doubled), or {@code null} for no
 *                  quoting ({@code none} in the configuration)
 * @param encoding  character set of the file; invalid bytes become U+FFFD; a leading byte order mark is skipped
 * @param timestamp parses the {@code timestamp} column, see {@link #TIMESTAMP_PATTERN}
 */
public record DelimitedTextOptions(char delimiter, Character quote, Charset encoding, Timestamps timestamp) {

    /** Option (route template parameter, {@code import --delimiter}): the field separator, default {@code ,}. */
    public static final String DELIMITER = "delimiter";
    /** Option ({@code import --quote}): the quote character, default {@code "}; {@code none} for no quoting. */
    public static final String QUOTE = "quote";
    /** Option ({@code import --encoding}): the file's character set, default {@code UTF-8}. */
    public static final String ENCODING = "encoding";
    /**
     * Option ({@code import --timestamp-pattern}): how the {@code timestamp} column is written. Empty or {@code iso}
     * (default): ISO 8601 date-time with {@code Z} or an offset ({@code 2024-03-01T09:15:00Z},
     * {@code 2024-03-01T09:15:00+01:00}), or a local date-time ({@code 2024-03-01T09:15:00}) in the connector's zone;
     * {@code epoch-millis} or {@code epoch-seconds}: a number since 1970-01-01T00:00Z; anything else: a
     * {@link DateTimeFormatter} pattern such as {@code dd/MM/uuuu HH:mm:ss}, local times in the connector's zone unless
     * the pattern parses an offset or zone.
     */
    public static final String TIMESTAMP_PATTERN = "timestamp-pattern";

    /** Parses one {@code timestamp} value to an instant. */
    @FunctionalInterface
    public interface Timestamps {
        /** @throws DateTimeException or {@link NumberFormatException} when the value does not match */
        Instant parse(String value);
    }

    /**
     * The options of a connector.
     *
     * @throws IllegalArgumentException with a message naming the option and its value, e.g.
     *                                  "csv delimiter ';;' is not one character (example: ; or tab)"
     */
    public static DelimitedTextOptions of(SourceSettings settings) {
        ZoneId zone = settings.zone() == null ? ZoneId.of("UTC") : settings.zone();
        return new DelimitedTextOptions(delimiter(settings.option(DELIMITER, ",")), quote(settings.option(QUOTE, "\"")),
                encoding(settings.option(ENCODING, "UTF-8")), timestamps(settings.option(TIMESTAMP_PATTERN, "iso"), zone));
    }

    /** The Commons CSV format of this dialect: no header handling (the reader matches the header row itself). */
    public CSVFormat csvFormat() {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setQuote(quote)
                .setIgnoreEmptyLines(false)
                .setRecordSeparator("\n")
                .get();
    }

    private static char delimiter(String value) {
        String v = value.equalsIgnoreCase("tab") || value.equals("\\t") ? "\t" : value;
        if (v.length() != 1 || v.charAt(0) == '\n' || v.charAt(0) == '\r') {
            throw new IllegalArgumentException("csv delimiter '" + value + "' is not one character (example: ; or tab)");
        }
        return v.charAt(0);
    }

    private static Character quote(String value) {
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        if (value.length() != 1 || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            throw new IllegalArgumentException("csv quote '" + value + "' is not one character (example: \" or none)");
        }
        return value.charAt(0);
    }

    private static Charset encoding(String value) {
        try {
            return value.equalsIgnoreCase("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(value.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("csv encoding '" + value + "' is not a character set (example: UTF-8 or "
                    + "windows-1252)", e);
        }
    }

    private static Timestamps timestamps(String pattern, ZoneId zone) {
        String p = pattern.strip();
        switch (p.toLowerCase(Locale.ROOT)) {
            case "iso":
                DateTimeFormatter iso = DateTimeFormatter.ISO_DATE_TIME.withZone(zone);
                return v -> Instant.from(iso.parse(v.strip()));
            case "epoch-millis":
                return v -> Instant.ofEpochMilli(Long.parseLong(v.strip()));
            case "epoch-seconds":
                return v -> Instant.ofEpochSecond(Long.parseLong(v.strip()));
            default:
                DateTimeFormatter f;
                try {
                    f = DateTimeFormatter.ofPattern(p, Locale.ROOT).withZone(zone);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("csv timestamp-pattern '" + pattern + "' is not a date-time "
                            + "pattern (example: dd/MM/uuuu HH:mm:ss, iso or epoch-millis): " + e.getMessage(), e);
                }
                return v -> Instant.from(f.parse(v.strip()));
        }
    }
}
