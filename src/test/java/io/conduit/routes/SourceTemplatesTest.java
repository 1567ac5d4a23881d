package io.conduit.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every source route template under {@code routes/sources/}: each declared parameter has a description and is used,
 * each export source type has its {@code <type>-export-source} template, and every file connector records a file as
 * read only once its run has ended and leaves no lock file behind (so a crashed or killed node's file is read again).
 */
class SourceTemplatesTest {

    static final Path SOURCES = Path.of("routes/sources");

    @Test
    void every_parameter_is_described_and_used() throws Exception {
        for (Path file : templates()) {
            Map<String, Object> template = template(file);
            String text = Files.readString(file);
            for (Map<String, Object> p : parameters(template)) {
                String name = (String) p.get("name");
                assertThat((String) p.get("description")).as(file + ": description of " + name).isNotBlank();
                assertThat(text).as(file + ": " + name + " used").contains("{{" + name + "}}");
            }
        }
    }

    /** Source types whose connector template is not {@code <type>-export-source}. */
    static final Map<String, String> OTHER_TEMPLATES = Map.of(
            "signal", "signal-json-source", // drop folder of signal-cli JSON lines; signal-source polls the daemon
            "liveperson", "liveperson-source", // polled API; its files come from the API, or from import
            "whatsapp-business", "whatsapp-business-webhook-source"); // webhook deliveries spooled by its listener

    @Test
    void every_export_source_type_has_its_template() {
        for (String type : ExportReaders.sourceTypes()) {
            ExportFormat format = ExportReaders.format(type);
            String template = OTHER_TEMPLATES.getOrDefault(type, format.templateId());
            assertThat(SOURCES.resolve(template + ".camel.yaml")).as(type).exists();
        }
    }

    @Test
    void file_connectors_mark_a_file_read_only_after_its_run_and_leave_no_lock_file() throws Exception {
        for (Path file : templates()) {
            String text = Files.readString(file);
            if (!text.contains("uri: \"file:")) {
                continue;
            }
            assertThat(text).as(file.toString())
                    .contains("idempotentRepository: \"#processedFiles\"")
                    .contains("idempotentEager: false")
                    .contains("readLockMarkerFile: false")
                    .contains("noop: true");
        }
    }

    private static List<Path> templates() throws Exception {
        try (Stream<Path> s = Files.list(SOURCES)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
            assertThat(files).isNotEmpty();
            return files;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template(Path file) throws Exception {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        for (Object entry : (List<Object>) doc) {
            Map<String, Object> m = (Map<String, Object>) entry;
            if (m.containsKey("routeTemplate")) {
                return (Map<String, Object>) m.get("routeTemplate");
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parameters(Map<String, Object> template) {
        Object p = template.get("parameters");
        return p == null ? List.of() : (List<Map<String, Object>>) p;
    }
}
