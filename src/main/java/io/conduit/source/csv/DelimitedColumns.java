package io.conduit.source.csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;

/**
 * The documented column set of a delimited text file, found by name in its header row: case-insensitive, in any
 * order, surrounding spaces ignored; columns of other names are ignored.
 */
final class DelimitedColumns {

    /** A column of the documented set. */
    enum Column {
        CONVERSATION_ID(true), PLATFORM(true), CONVERSATION_TYPE(false), MESSAGE_TYPE(true), MESSAGE_ID(true),
        SENDER(true), RECIPIENTS(true), TIMESTAMP(true), SUBJECT(false), BODY(true), ATTACHMENT_PATH(false);

        final boolean required;

        Column(boolean required) {
            this.required = required;
        }

        /** The header name, e.g. {@code conversation_id}. */
        String header() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int[] index = new int[Column.values().length];
    private final int width;

    private DelimitedColumns(Map<Column, Integer> found, int width) {
        for (Column c : Column.values()) {
            index[c.ordinal()] = found.getOrDefault(c, -1);
        }
        this.width = width;
    }

    /**
     * The columns of a header row.
     *
     * @throws IllegalArgumentException naming the required columns that are missing, or a column named twice
     */
    static DelimitedColumns of(CSVRecord header) {
        Map<String, Column> byName = new HashMap<>();
        for (Column c : Column.values()) {
            byName.put(c.header(), c);
        }
        Map<Column, Integer> found = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            Column c = byName.get(name);
            if (c != null && found.putIfAbsent(c, i) != null) {
                throw new IllegalArgumentException("the header row names column " + c.header() + " twice");
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.required && !found.containsKey(c)) {
                missing.add(c.header());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header row lacks the required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (a header row naming the documented columns is required)");
        }
        return new DelimitedColumns(found, header.size());
    }

    /** Number of fields of the header row; every row must have as many. */
    int width() {
        return width;
    }

    /** The value of a column in a row, {@code ""} when the file has no such (optional) column. */
    String get(CSVRecord row, Column column) {
        int i = index[column.ordinal()];
        return i < 0 || i >= row.size() ? "" : row.get(i);
    }
}
