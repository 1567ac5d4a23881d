package io.conduit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.conduit.ConduitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code conduit.cluster.*} options: required keys, defaults, the password file, and what is never shown. */
class ClusterSettingsTest {

    @TempDir
    Path tmp;

    private final Map<String, String> options = new HashMap<>(Map.of(
            ConduitOptions.CLUSTER_JDBC_URL, "jdbc:postgresql://db:5432/conduit?password=url-secret",
            "camel.main.name", "conduit"));

    @Test
    void a_missing_or_foreign_jdbc_url_is_an_error_naming_the_key() {
        options.remove(ConduitOptions.CLUSTER_JDBC_URL);
        assertThatThrownBy(() -> ClusterSettings.from(options::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConduitOptions.CLUSTER_JDBC_URL).hasMessageContaining("jdbc:postgresql://");
        options.put(ConduitOptions.CLUSTER_JDBC_URL, "jdbc:mysql://db/conduit");
        assertThatThrownBy(() -> ClusterSettings.from(options::get)).hasMessageContaining(ConduitOptions.CLUSTER_JDBC_URL);
    }

    @Test
    void every_node_needs_camel_main_name_as_the_shared_scheduler_name() {
        options.remove("camel.main.name");
        assertThatThrownBy(() -> ClusterSettings.from(options::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camel.main.name");
    }

    @Test
    void defaults_the_pool_to_the_scheduler_threads_plus_five_and_the_node_id_to_host_and_pid() {
        ClusterSettings settings = ClusterSettings.from(options::get);
        assertThat(settings.schedulerThreads()).isEqualTo(10);
        assertThat(settings.poolSize()).isEqualTo(15);
        assertThat(settings.checkinIntervalMs()).isEqualTo(5000);
        assertThat(settings.nodeId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(settings.schedulerName()).isEqualTo("conduit");

        options.put(ConduitOptions.CLUSTER_SCHEDULER_THREADS, "4");
        options.put(ConduitOptions.CLUSTER_NODE_ID, "archiver-a");
        assertThat(ClusterSettings.from(options::get).poolSize()).isEqualTo(9);
        assertThat(ClusterSettings.from(options::get).nodeId()).isEqualTo("archiver-a");
    }

    @Test
    void a_malformed_number_is_an_error_naming_the_key() {
        options.put(ConduitOptions.CLUSTER_CHECKIN_INTERVAL_MS, "5s");
        assertThatThrownBy(() -> ClusterSettings.from(options::get))
                .hasMessageContaining(ConduitOptions.CLUSTER_CHECKIN_INTERVAL_MS).hasMessageContaining("'5s'");
        options.put(ConduitOptions.CLUSTER_CHECKIN_INTERVAL_MS, "0");
        assertThatThrownBy(() -> ClusterSettings.from(options::get)).hasMessageContaining("positive");
    }

    @Test
    void reads_the_password_from_its_file_and_never_shows_it_nor_the_url() throws Exception {
        Path file = tmp.resolve("db-password");
        Files.writeString(file, "s3cret-from-file\n");
        options.put(ConduitOptions.CLUSTER_JDBC_PASSWORD, "ignored-when-a-file-is-given");
        options.put(ConduitOptions.CLUSTER_JDBC_PASSWORD_FILE, file.toString());
        ClusterSettings settings = ClusterSettings.from(options::get);
        assertThat(settings.password()).isEqualTo("s3cret-from-file");
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("url-secret").contains("conduit");

        options.put(ConduitOptions.CLUSTER_JDBC_PASSWORD_FILE, tmp.resolve("missing").toString());
        assertThatThrownBy(() -> ClusterSettings.from(options::get))
                .hasMessageContaining(ConduitOptions.CLUSTER_JDBC_PASSWORD_FILE).hasMessageContaining("missing");
    }
}
