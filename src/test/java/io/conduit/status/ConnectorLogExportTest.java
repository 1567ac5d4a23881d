package io.conduit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorLogExportTest {

    @TempDir
    Path dir;

    private Path log() throws Exception {
        Path file = dir.resolve("wa.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"item\",\"time\":\"2026-11-14T23:59:59Z\",\"connector\":\"wa\",\"itemId\":\"before\"}",
                "{\"type\":\"item\",\"time\":\"2026-11-15T00:00:00Z\",\"connector\":\"wa\",\"itemId\":\"first\","
                        + "\"source\":\"=HYPERLINK(\\\"http://x\\\")\",\"copies\":[{\"mailbox\":\"a@example.com\","
                        + "\"folder\":\"WhatsApp Archiver\",\"correlationId\":\"imap://a/1\"},{\"mailbox\":\"b@example.com\","
                        + "\"folder\":\"WhatsApp Archiver\",\"correlationId\":\"imap://b/7\"}],\"unmapped\":[\"+447700900123\",\"@bob\"]}",
                "not json, cut short by a crash",
                "{\"type\":\"quarantine\",\"time\":\"2026-11-16T12:00:00Z\",\"connector\":\"wa\",\"source\":\"a.txt:3\","
                        + "\"quarantineId\":\"q1\",\"reason\":\"line 3, \\\"quoted\\\"\\nsecond line\"}",
                "{\"type\":\"run\",\"time\":\"2026-11-17T23:59:59.999Z\",\"connector\":\"wa\",\"items\":2,\"archived\":1,"
                        + "\"duplicates\":0,\"quarantined\":1,\"balanced\":true}",
                "{\"type\":\"item\",\"time\":\"2026-11-18T00:00:00Z\",\"connector\":\"wa\",\"itemId\":\"after\"}") + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void csv_has_the_lines_of_the_inclusive_date_range_and_reads_back_with_commons_csv() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new ConnectorLogExport(log(), LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-17")).writeCsv(out);

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString(StandardCharsets.UTF_8))).getRecords();
        assertThat(n).isEqualTo(3);
        assertThat(rows).extracting(r -> r.get("type")).containsExactly("item", "quarantine", "run");
        assertThat(rows.get(0).get("itemId")).isEqualTo("first");
        assertThat(rows.get(0).get("copies")).isEqualTo("a@example.com/WhatsApp Archiver imap://a/1; "
                + "b@example.com/WhatsApp Archiver imap://b/7");
        assertThat(rows.get(0).get("unmapped")).as("starts with +: kept as text").isEqualTo("'+447700900123; @bob");
        assertThat(rows.get(1).get("reason")).isEqualTo("line 3, \"quoted\"\nsecond line");
        assertThat(rows.get(2).get("items")).isEqualTo("2");
        assertThat(rows.get(2).get("balanced")).isEqualTo("true");
    }

    @Test
    void a_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_a_quote() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConnectorLogExport(log(), LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-15")).writeCsv(out);

        CSVRecord row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString(StandardCharsets.UTF_8))).getRecords().get(0);
        assertThat(row.get("source")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(row.get("unmapped")).isEqualTo("'+447700900123; @bob");
        assertThat(ConnectorLogExport.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ConnectorLogExport.neutralise("-1+2")).isEqualTo("'-1+2");
        assertThat(ConnectorLogExport.neutralise("plain")).isEqualTo("plain");
    }

    @Test
    void json_is_one_array_of_the_log_lines_in_range_as_written() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new ConnectorLogExport(log(), LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-30")).writeJson(out);

        JsonNode array = new ObjectMapper().readTree(out.toByteArray());
        assertThat(n).isEqualTo(3);
        assertThat(array.isArray()).isTrue();
        assertThat(array).extracting(l -> l.path("type").asText()).containsExactly("quarantine", "run", "item");
        assertThat(array.get(0).path("reason").asText()).isEqualTo("line 3, \"quoted\"\nsecond line");
        assertThat(array.get(2).path("itemId").asText()).isEqualTo("after");
    }

    @Test
    void a_missing_log_is_an_empty_export_and_a_reversed_or_malformed_range_is_refused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(new ConnectorLogExport(dir.resolve("none.jsonl"), LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-02")).writeJson(out)).isZero();
        assertThat(new ObjectMapper().readTree(out.toByteArray()).size()).isZero();

        assertThatThrownBy(() -> new ConnectorLogExport(log(), LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-01")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> ConnectorLogExport.day("22/11/2026", LocalDate.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("YYYY-MM-DD");
        assertThat(ConnectorLogExport.day(" ", LocalDate.parse("2026-11-22"))).isEqualTo(LocalDate.parse("2026-11-22"));
    }
}
