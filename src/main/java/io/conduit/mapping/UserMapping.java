package io.conduit.mapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The custom user mapping: identifier to custodian mailbox, loaded from a CSV {@code identifier,mailbox[,display name]}.
 *
 * <p>Phone numbers are compared as E.164 after normalising with libphonenumber and the default region; emails
 * case-insensitively (an identifier with an {@code @} after its first character); anything else (display names,
 * handles such as {@code twitter:12345} or {@code @name}, contact names) exactly. A header row
 * {@code identifier,mailbox,...} and lines starting with {@code #} are skipped.
 */
public final class UserMapping {

    private final Map<String, Entry> byPhone = new HashMap<>();
    private final Map<String, Entry> byEmail = new HashMap<>();
    private final Map<String, Entry> byHandle = new HashMap<>();

    /**
     * A mapped custodian.
     *
     * @param mailbox     custodian mailbox, lower case
     * @param displayName name for the {@code From}/{@code To} header, or {@code null}
     */
    public record Entry(String mailbox, String displayName) {
    }

    /** A mapping that maps nothing: every item then goes to the catch-all mailbox unless an email domain matches. */
    public static UserMapping empty() {
        return new UserMapping();
    }

    /**
     * Loads a mapping CSV (UTF-8).
     *
     * @param csv           the file
     * @param defaultRegion ISO 3166 region for numbers written without a country code
     * @return the mapping
     * @throws MappingException naming the file and line of a row without a mailbox or with an invalid one, or when the
     *                          file cannot be read
     */
    public static UserMapping load(Path csv, String defaultRegion) throws MappingException {
        UserMapping mapping = new UserMapping();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            for (CSVRecord row : format.parse(reader)) {
                String identifier = row.size() > 0 ? row.get(0) : "";
                if (row.getRecordNumber() == 1 && "identifier".equalsIgnoreCase(identifier)) {
                    continue;
                }
                String mailbox = row.size() > 1 ? row.get(1) : "";
                if (identifier.isEmpty() || !isMailbox(mailbox)) {
                    throw new MappingException(csv.getFileName() + " line " + row.getParser().getCurrentLineNumber()
                            + ": expected identifier,mailbox[,display name] with a mailbox address like alice@example.com");
                }
                String name = row.size() > 2 && !row.get(2).isBlank() ? row.get(2) : null;
                mapping.put(identifier, new Entry(mailbox.toLowerCase(Locale.ROOT), name), defaultRegion);
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new MappingException("cannot read user mapping " + csv.getFileName() + ": " + e.getMessage(), e);
        }
        return mapping;
    }

    private void put(String identifier, Entry entry, String defaultRegion) {
        String e164 = PhoneNumbers.toE164(identifier, defaultRegion);
        if (e164 != null) {
            byPhone.put(e164, entry);
        } else if (identifier.indexOf('@') > 0) {
            byEmail.put(identifier.toLowerCase(Locale.ROOT), entry);
        } else {
            byHandle.put(identifier, entry);
        }
    }

    /** Looks up an E.164 number. */
    public Optional<Entry> byPhone(String e164) {
        return Optional.ofNullable(e164 == null ? null : byPhone.get(e164));
    }

    /** Looks up an email address, case-insensitively. */
    public Optional<Entry> byEmail(String email) {
        return Optional.ofNullable(email == null ? null : byEmail.get(email.toLowerCase(Locale.ROOT)));
    }

    /** Looks up a handle, contact or display name, exactly as written. */
    public Optional<Entry> byHandle(String handle) {
        return Optional.ofNullable(handle == null ? null : byHandle.get(handle));
    }

    /** The custodian mailboxes the mapping names (lower case, sorted). */
    public java.util.SortedSet<String> mailboxes() {
        java.util.SortedSet<String> all = new java.util.TreeSet<>();
        for (Map<String, Entry> m : List.of(byPhone, byEmail, byHandle)) {
            m.values().forEach(e -> all.add(e.mailbox()));
        }
        return all;
    }

    /** Number of identifiers mapped. */
    public int size() {
        return byPhone.size() + byEmail.size() + byHandle.size();
    }

    static boolean isMailbox(String s) {
        int at = s.indexOf('@');
        return at > 0 && at == s.lastIndexOf('@') && at < s.length() - 1
                && s.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '/');
    }
}
