package io.conduit;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The type of a configuration value: how it is written, checked and read. Each check's message says what is wrong
 * and gives an example; {@link ConduitOptions#validate} adds the key.
 */
public enum OptionType {

    /** Any text. */
    STRING("text", "Inbox"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false", "true"),
    /** A whole number of at least 0. */
    COUNT("whole number >= 0", "8"),
    /** A size in bytes, with an optional unit B, KB, MB or GB (binary: 1 KB = 1024 B). */
    SIZE("size: a number with B, KB, MB or GB", "10MB"),
    /** An ISO 3166-1 alpha-2 region that libphonenumber knows, e.g. {@code GB} (never {@code UK}). */
    REGION("ISO 3166-1 alpha-2 region", "GB"),
    /** An IANA time zone id. */
    ZONE("IANA time zone id", "Europe/London"),
    /** An RFC 5322 email address. */
    EMAIL("email address", "compliance@example.com"),
    /** A file or folder path. */
    PATH("path", "/var/lib/conduit/state"),
    /** A URI, e.g. a store or a JDBC URL. */
    URI_TEXT("URI", "imaps://mail.example.com:993"),
    /** A comma-separated list. */
    LIST("comma-separated list", "example.com,example.org"),
    /** A secret: never logged, never shown; prefer the matching {@code -file} key or an environment placeholder. */
    SECRET("secret", "{{env:CONDUIT_IMAP_PASSWORD}}");

    private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+)\\s*([KMG]?B?)", Pattern.CASE_INSENSITIVE);

    private final String label;
    private final String example;

    OptionType(String label, String example) {
        this.label = label;
        this.example = example;
    }

    /** How values of this type are written, for the configuration reference, e.g. {@code size: a number with ...}. */
    public String label() {
        return label;
    }

    /** An example value. */
    public String example() {
        return example;
    }

    /**
     * Checks a configured value.
     *
     * @throws IllegalArgumentException saying what is wrong, without the key, e.g. {@code '10XB' is not a size (example: 10MB)}
     */
    public void check(String value) {
        String v = value.strip();
        switch (this) {
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw invalid(value);
                }
            }
            case COUNT -> {
                try {
                    if (Long.parseLong(v) < 0) {
                        throw invalid(value);
                    }
                } catch (NumberFormatException e) {
                    throw invalid(value);
                }
            }
            case SIZE -> bytes(v);
            case REGION -> {
                if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(v.toUpperCase(Locale.ROOT))) {
                    String hint = v.equalsIgnoreCase("UK") ? "; the United Kingdom is GB" : "";
                    throw new IllegalArgumentException("'" + value + "' is not an ISO 3166-1 alpha-2 region known to "
                            + "libphonenumber (example: " + example + hint + ")");
                }
            }
            case ZONE -> {
                try {
                    ZoneId.of(v);
                } catch (DateTimeException e) {
                    throw invalid(value);
                }
            }
            case EMAIL -> {
                try {
                    new InternetAddress(v, true);
                } catch (AddressException e) {
                    throw invalid(value);
                }
            }
            case URI_TEXT -> {
                try {
                    URI.create(v);
                } catch (IllegalArgumentException e) {
                    throw invalid(value);
                }
            }
            default -> {
                // any text
            }
        }
    }

    /**
     * A size in bytes: {@code 10485760}, {@code 10MB}, {@code 512 KB}, {@code 1GB} (units binary, case-insensitive).
     *
     * @throws IllegalArgumentException when it is not a size
     */
    public static long bytes(String value) {
        Matcher m = SIZE_PATTERN.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size (example: 10MB; units B, KB, MB, GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int shift = unit.startsWith("K") ? 10 : unit.startsWith("M") ? 20 : unit.startsWith("G") ? 30 : 0;
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + value + "' is too large a size");
        }
        return n << shift;
    }


    private IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' is not valid: expected " + label + " (example: " + example + ")");
    }
}
