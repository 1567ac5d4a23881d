package io.conduit.mapping;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.conduit.source.support.Digests;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The custom user mapping: identifier to custodian mailbox, loaded from a CSV {@code identifier,mailbox[,display name]}.
 *
 * <p>Phone numbers are compared as E.164 after normalising with libphonenumber and the default region; emails
 * case-insensitively (an identifier that {@link EmailAddresses} accepts); anything else (display names, JIDs written
 * with their {@code xmpp:} prefix, handles such as {@code twitter:12345} or {@code @name}, contact names) exactly. A handle row that is an unambiguous
 * bare source id ({@link SourceIds}: a Slack id such as {@code UOF82F39AE}, a UUID) also matches the participant
 * whose handle is that id behind Conduit's prefix ({@code slack:UOF82F39AE}). A header row
 * {@code identifier,mailbox,...} and lines starting with {@code #} are skipped. When two rows name the same
 * identifier, the later one wins and the earlier one is reported as matching nothing.
 */
public final class UserMapping {

    private final Map<String, Row> byPhone = new HashMap<>();
    private final Map<String, Row> byEmail = new HashMap<>();
    private final Map<String, Row> byHandle = new HashMap<>();
    private final Map<String, Row> byBareId = new HashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final String sha256;
    private final String defaultRegion;
    private volatile NearMatches nearMatches;

    /**
     * A mapped custodian.
     *
     * @param mailbox     custodian mailbox, lower case
     * @param displayName name for the {@code From}/{@code To} header, or {@code null}
     */
    public record Entry(String mailbox, String displayName) {
    }

    /** How a row's identifier is compared. */
    public enum Kind {
        /** E.164 after libphonenumber normalisation. */
        PHONE,
        /** Email address, case-insensitively. */
        EMAIL,
        /** Handle, contact or display name, exactly (and as a bare source id where unambiguous). */
        HANDLE
    }

    /**
     * One row of the CSV.
     *
     * @param line       line number in the file (1 = the first line)
     * @param identifier the identifier as written (trimmed)
     * @param kind       how it is compared
     * @param key        what it is compared as: the E.164 number, the lower-case email, or the identifier
     * @param entry      the custodian it maps to
     */
    public record Row(int line, String identifier, Kind kind, String key, Entry entry) {

        /** {@code line N `identifier`}, for reports. */
        public String describe() {
            return "line " + line + " `" + identifier + "`";
        }
    }

    private UserMapping(String sha256, String defaultRegion) {
        this.sha256 = sha256;
        this.defaultRegion = defaultRegion;
    }

    /** A mapping that maps nothing: every item then goes to the catch-all mailbox unless an email domain matches. */
    public static UserMapping empty() {
        return new UserMapping(null, "US");
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
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MappingException("cannot read user mapping " + csv.getFileName() + ": " + e.getMessage(), e);
        }
        UserMapping mapping = new UserMapping(Digests.ofRaw(text), defaultRegion);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader reader = new StringReader(text)) {
            for (CSVRecord row : format.parse(reader)) {
                String identifier = row.size() > 0 ? row.get(0) : "";
                if (row.getRecordNumber() == 1 && "identifier".equalsIgnoreCase(identifier)) {
                    continue;
                }
                String mailbox = row.size() > 1 ? row.get(1) : "";
                int line = (int) row.getParser().getCurrentLineNumber();
                if (identifier.isEmpty() || !isMailbox(mailbox)) {
                    throw new MappingException(csv.getFileName() + " line " + line
                            + ": expected identifier,mailbox[,display name] with a mailbox address like alice@example.com");
                }
                String name = row.size() > 2 && !row.get(2).isBlank() ? row.get(2) : null;
                mapping.put(line, identifier, new Entry(mailbox.toLowerCase(Locale.ROOT), name));
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new MappingException("cannot read user mapping " + csv.getFileName() + ": " + e.getMessage(), e);
        }
        return mapping;
    }

    private void put(int line, String identifier, Entry entry) {
        String e164 = PhoneNumbers.toE164(identifier, defaultRegion);
        Row row;
        if (e164 != null) {
            row = new Row(line, identifier, Kind.PHONE, e164, entry);
            byPhone.put(e164, row);
        } else if (EmailAddresses.isEmail(identifier)) {
            row = new Row(line, identifier, Kind.EMAIL, identifier.toLowerCase(Locale.ROOT), entry);
            byEmail.put(row.key(), row);
        } else {
            row = new Row(line, identifier, Kind.HANDLE, identifier, entry);
            byHandle.put(identifier, row);
            String bare = SourceIds.unambiguousKey(identifier);
            if (bare != null) {
                byBareId.put(bare, row);
            }
        }
        rows.add(row);
    }

    /** Looks up an E.164 number. */
    public Optional<Entry> byPhone(String e164) {
        return phoneRow(e164).map(Row::entry);
    }

    /** Looks up an email address, case-insensitively. */
    public Optional<Entry> byEmail(String email) {
        return emailRow(email).map(Row::entry);
    }

    /** Looks up a handle, contact or display name, exactly as written. */
    public Optional<Entry> byHandle(String handle) {
        return handleRow(handle).map(Row::entry);
    }

    /** The row of an E.164 number. */
    public Optional<Row> phoneRow(String e164) {
        return Optional.ofNullable(e164 == null ? null : byPhone.get(e164));
    }

    /** The row of an email address, case-insensitively. */
    public Optional<Row> emailRow(String email) {
        return Optional.ofNullable(email == null ? null : byEmail.get(email.toLowerCase(Locale.ROOT)));
    }

    /** The row of a handle, contact or display name, exactly as written. */
    public Optional<Row> handleRow(String handle) {
        return Optional.ofNullable(handle == null ? null : byHandle.get(handle));
    }

    /**
     * The row that names a prefixed handle's id bare: {@code slack:UOF82F39AE} finds the row {@code UOF82F39AE}, when
     * the id is unambiguous ({@link SourceIds}).
     */
    public Optional<Row> bareIdRow(String handle) {
        String key = SourceIds.unambiguousKey(SourceIds.withoutPrefix(handle));
        return Optional.ofNullable(key == null ? null : byBareId.get(key));
    }

    /** Every row, in file order (rows a later row of the same identifier overrides included). */
    public List<Row> rows() {
        return java.util.Collections.unmodifiableList(rows);
    }

    /** Lower-case hex SHA-256 of the CSV's text, or {@code null} for {@link #empty()}: which file runs were matched against. */
    public String sha256() {
        return sha256;
    }

    /** The ISO 3166 region phone numbers without a country code were read in. */
    public String defaultRegion() {
        return defaultRegion;
    }

    /** The index of near matches over the rows, built on first use. */
    public NearMatches nearMatches() {
        NearMatches n = nearMatches;
        if (n == null) {
            n = new NearMatches(rows, defaultRegion);
            nearMatches = n;
        }
        return n;
    }

    /** The custodian mailboxes the mapping names (lower case, sorted). */
    public java.util.SortedSet<String> mailboxes() {
        java.util.SortedSet<String> all = new java.util.TreeSet<>();
        for (Map<String, Row> m : List.of(byPhone, byEmail, byHandle)) {
            m.values().forEach(r -> all.add(r.entry().mailbox()));
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
                && s.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '/')
                && EmailAddresses.isEmail(s);
    }
}
