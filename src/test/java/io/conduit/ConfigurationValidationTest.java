package io.conduit;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.conduit.pipeline.ArchivePipeline;
import io.conduit.test.ConnectorTests;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configured value is checked at start-up, and a bad one stops the start naming its key and an example. */
class ConfigurationValidationTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    private Main start(Map<String, String> more) throws Exception {
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        props.putAll(more);
        main = ConduitCamel.newOneShotMain(props);
        running.start(main);
        return main;
    }

    @Test
    void sizes_take_units() throws Exception {
        start(Map.of(ConduitOptions.MAX_ITEM_BYTES, "10MB"));

        ArchivePipeline pipeline = main.getCamelContext().getRegistry().lookupByNameAndType("archivePipeline",
                ArchivePipeline.class);
        assertThat(pipeline.maxItemBytes()).isEqualTo(10L << 20);
    }

    @Test
    void a_size_that_is_not_one_names_its_key() {
        assertThatThrownBy(() -> start(Map.of(ConduitOptions.MAX_ITEM_BYTES, "10XB")))
                .hasStackTraceContaining("conduit.store.max-item-bytes: '10XB' is not a size (example: 10MB");
    }

    @Test
    void uk_is_not_a_region_and_the_message_says_gb() {
        assertThatThrownBy(() -> start(Map.of(ConduitOptions.DEFAULT_REGION, "UK")))
                .hasStackTraceContaining("conduit.mapping.default-region: 'UK' is not an ISO 3166-1 alpha-2 region")
                .hasStackTraceContaining("the United Kingdom is GB");
    }

    @Test
    void a_catch_all_that_is_not_an_email_names_its_key() {
        assertThatThrownBy(() -> start(Map.of(ConduitOptions.CATCH_ALL_MAILBOX, "compliance at example.com")))
                .hasStackTraceContaining("conduit.catch-all.mailbox: 'compliance at example.com' is not valid: expected email address (example: compliance@example.com)");
    }

    @Test
    void a_misspelt_connector_zone_stops_the_start_before_any_file_is_read() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        assertThatThrownBy(() -> start(Map.of(
                "camel.route-template[chats].template-id", "whatsapp-export-source",
                "camel.route-template[chats].input", drop.toString(),
                "camel.route-template[chats].zone", "Europe/Londn")))
                .hasStackTraceContaining("camel.route-template[chats].zone: zone 'Europe/Londn' is not a time zone");
    }

    @Test
    void a_bad_source_option_of_a_connector_names_it() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        assertThatThrownBy(() -> start(Map.of(
                "camel.route-template[desk].template-id", "csv-export-source",
                "camel.route-template[desk].input", drop.toString(),
                "camel.route-template[desk].delimiter", "ab")))
                .hasStackTraceContaining("camel.route-template[desk].")
                .hasStackTraceContaining("delimiter");
    }
}
