package io.conduit;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.apache.camel.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes come from the classpath, so the jar runs from any folder; {@code conduit.routes.dir} adds or replaces. */
class RouteLocationsTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    private Main start(Map<String, String> more) throws Exception {
        Map<String, String> p = new java.util.LinkedHashMap<>(more);
        p.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        p.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        main = ConduitCamel.newOneShotMain(p);
        main.setPropertyPlaceholderLocations("file:" + Files.writeString(tmp.resolve("empty.properties"), ""));
        running.start(main);
        return main;
    }

    @Test
    void a_one_shot_run_keeps_no_jmx_mbeans_unless_asked_to() throws Exception {
        assertThat(start(Map.of()).getCamelContext().getManagementStrategy().getManagementAgent()).isNull();
        main.stop();

        System.setProperty(ConduitCamel.JMX_ENABLED, "true");
        try {
            assertThat(start(Map.of()).getCamelContext().getManagementStrategy().getManagementAgent()).isNotNull();
        } finally {
            System.clearProperty(ConduitCamel.JMX_ENABLED);
        }
    }

    @Test
    void every_route_file_of_the_project_is_packaged() {
        assertThat(RouteLocations.packagedFiles()).containsExactlyInAnyOrderElementsOf(RouteLocations.routeFiles(Path.of("routes")))
                .contains("pipeline.camel.yaml", "sources/sql-source.camel.yaml");
    }

    @Test
    void without_a_routes_folder_the_packaged_routes_and_templates_load_whatever_the_working_directory() throws Exception {
        Model model = start(Map.of()).getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);

        assertThat(main.getCamelContext().getRoute("archive-pipeline")).isNotNull();
        assertThat(main.getCamelContext().getRoute("export-input")).isNotNull();
        assertThat(model.getRouteTemplateDefinition("whatsapp-export-source")).isNotNull();
    }

    @Test
    void a_routes_folder_adds_routes_and_replaces_the_packaged_file_of_the_same_path() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("routes/sources"));
        String template = Files.readString(Path.of("routes/sources/sql-source.camel.yaml"))
                .replaceFirst("description: ", "description: OVERRIDDEN ");
        Files.writeString(dir.resolve("sql-source.camel.yaml"), template);
        Files.writeString(tmp.resolve("routes/extra.camel.yaml"), """
                - route:
                    id: extra-route
                    from:
                      uri: direct:extra
                      steps:
                        - log: extra
                """);

        Model model = start(Map.of(ConduitOptions.ROUTES_DIR, tmp.resolve("routes").toString()))
                .getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);

        assertThat(main.getCamelContext().getRoute("extra-route")).as("an added route").isNotNull();
        assertThat(model.getRouteTemplateDefinition("sql-source").getDescription())
                .as("the folder's file replaces the packaged one").startsWith("OVERRIDDEN");
        assertThat(model.getRouteTemplateDefinition("liveperson-source")).as("the others stay").isNotNull();
        assertThat(model.getRouteTemplateDefinition("telegram-export-source")).as("the file sources' templates stay")
                .isNotNull();
    }

    @Test
    void a_routes_folder_that_does_not_exist_fails_the_start_naming_the_key() {
        assertThatThrownBy(() -> start(Map.of(ConduitOptions.ROUTES_DIR, tmp.resolve("missing").toString())))
                .hasStackTraceContaining(ConduitOptions.ROUTES_DIR).hasStackTraceContaining("is not a folder");
    }
}
