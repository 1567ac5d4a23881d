package io.conduit.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.FileSourceTemplates;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every source route template: each parameter of a polled source's YAML template under {@code routes/sources/} has a
 * description and is used; each file source gets its generated template ({@link FileSourceTemplates}) with described
 * parameters, which polls its format's files, records a file as read only once its run has ended and leaves no lock
 * file behind (so a crashed or killed node's file is read again).
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

    @Test
    void every_file_source_gets_a_template_whose_parameters_are_described() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new FileSourceTemplates());
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            for (String type : ExportReaders.sourceTypes()) {
                ExportFormat format = ExportReaders.format(type);
                if (format.templateId() == null) {
                    try (Stream<Path> files = Files.list(SOURCES)) {
                        assertThat(files.map(f -> f.getFileName().toString()))
                                .as(type + ": its polled template").anyMatch(n -> n.startsWith(type + "-"));
                    }
                    continue;
                }
                RouteTemplateDefinition template = model.getRouteTemplateDefinition(format.templateId());
                assertThat(template).as(format.templateId()).isNotNull();
                assertThat(template.getTemplateParameters()).extracting(RouteTemplateParameterDefinition::getName)
                        .contains("input", "cron", "folder", "transcripts");
                assertThat(template.getTemplateParameters()).allSatisfy(p ->
                        assertThat(p.getDescription()).as(format.templateId() + ": " + p.getName()).isNotBlank());
                assertThat(template.getTemplateParameters()).filteredOn(p -> p.getName().equals("folder"))
                        .singleElement().extracting(RouteTemplateParameterDefinition::getDefaultValue)
                        .isEqualTo(format.defaultFolder());
            }
        }
    }

    @Test
    void file_connectors_poll_their_formats_files_mark_a_file_read_only_after_its_run_and_leave_no_lock_file()
            throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new FileSourceTemplates());
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            for (String type : ExportReaders.sourceTypes()) {
                ExportFormat format = ExportReaders.format(type);
                if (format.templateId() == null) {
                    continue;
                }
                String uri = model.getRouteTemplateDefinition(format.templateId()).getRoute().getInput().getEndpointUri();
                assertThat(uri).as(format.templateId())
                        .contains("include=RAW((?i)" + format.fileNames() + ")")
                        .contains("idempotentRepository=#processedFiles")
                        .contains("idempotentEager=false")
                        .contains("readLockMarkerFile=false")
                        .contains("noop=true");
            }
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
