package io.conduit.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A connector's log for a date range, as CSV or JSON, streamed line by line from
 * {@code <state>/connector-log/<connector>.jsonl} (no size limit; Conduit keeps the log as long as the state folder).
 *
 * <p>A line is in the range when the UTC date of its {@code time} is within {@code [from, to]}, both inclusive.
 * JSON: an array of the log lines as written ({@link io.conduit.state.log.ConnectorLog} shapes). CSV (RFC 4180, UTF-8,
 * header row): {@value #CSV_COLUMNS}; {@code copies} lists {@code mailbox/folder correlationId} separated by
 * {@code "; "}. A cell starting with {@code = + - @}, tab or CR is prefixed with {@code '} so that a spreadsheet shows
 * a hostile identifier as text instead of running it as a formula (OWASP "CSV Injection").
 */
public final class ConnectorLogExport {

    static final String CSV_COLUMNS = "time,type,connector,source,itemId,messageId,copies,unmapped,quarantineId,"
            + "reason,error,input,items,archived,duplicates,quarantined,balanced";
    private static final String[] HEADER = CSV_COLUMNS.split(",");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final LocalDate from;
    private final LocalDate to;

    /**
     * @param file the connector log file
     * @param from first day (UTC), inclusive
     * @param to   last day (UTC), inclusive
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public ConnectorLogExport(Path file, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        this.file = file;
        this.from = from;
        this.to = to;
    }

    /** Parses a {@code YYYY-MM-DD} query parameter; {@code fallback} when absent. */
    public static LocalDate day(String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date YYYY-MM-DD, got '" + value + "'", e);
        }
    }

    /** Writes the lines in range as CSV; returns how many. */
    public long writeCsv(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get());
        long n = each(line -> {
            List<String> row = new ArrayList<>(HEADER.length);
            for (String column : HEADER) {
                row.add(cell(column, line));
            }
            csv.printRecord(row);
        });
        csv.flush();
        return n;
    }

    /** Writes the lines in range as one JSON array; returns how many. */
    public long writeJson(OutputStream out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.writeStartArray();
        long n = each(line -> {
            JSON.writeTree(g, line);
            g.writeRaw('\n');
        });
        g.writeEndArray();
        g.flush();
        return n;
    }

    private interface LineSink {
        void accept(JsonNode line) throws IOException;
    }

    private long each(LineSink sink) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                JsonNode line;
                try {
                    line = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    continue;
                }
                if (line != null && inRange(line.path("time").asText(""))) {
                    sink.accept(line);
                    n++;
                }
            }
        }
        return n;
    }

    private boolean inRange(String time) {
        try {
            LocalDate day = Instant.parse(time).atZone(ZoneOffset.UTC).toLocalDate();
            return !day.isBefore(from) && !day.isAfter(to);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String cell(String column, JsonNode line) {
        JsonNode v = line.get(column);
        String s;
        if (v == null || v.isNull()) {
            s = "";
        } else if ("copies".equals(column)) {
            List<String> copies = new ArrayList<>();
            for (JsonNode c : v) {
                copies.add(c.path("mailbox").asText() + "/" + c.path("folder").asText() + " " + c.path("correlationId").asText());
            }
            s = String.join("; ", copies);
        } else if (v.isArray()) {
            List<String> values = new ArrayList<>();
            v.forEach(x -> values.add(x.asText()));
            s = String.join("; ", values);
        } else if (v.isContainerNode()) {
            s = v.toString();
        } else {
            s = v.asText();
        }
        return neutralise(s);
    }

    /** Prefixes a cell a spreadsheet would take for a formula with {@code '}. */
    static String neutralise(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }
}
