package io.conduit.observe;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management server listens on loopback unless the operator's own {@code application.properties} (the README
 * tells operators to mount one) or a {@code CAMEL_MANAGEMENT_HOST} variable says otherwise: the default is in code,
 * not in the bundled file.
 */
class ManagementHostTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    private String hostWith(String mountedProperties) throws Exception {
        Path file = tmp.resolve("application.properties");
        Files.writeString(file, "camel.management.enabled = true\ncamel.management.port = 0\n" + mountedProperties);
        main = ConduitCamel.newMain(Map.of(ConduitOptions.STATE_DIR, tmp.resolve("state").toString(),
                ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive")));
        main.setPropertyPlaceholderLocations("file:" + file);
        running.start(main);
        ManagementHttpServer server = main.getCamelContext().hasService(ManagementHttpServer.class);
        assertThat(server).as("the management server runs").isNotNull();
        return server.getHost();
    }

    @Test
    void listens_on_loopback_when_the_mounted_properties_do_not_name_a_host() throws Exception {
        assertThat(hostWith("")).isEqualTo("127.0.0.1");
    }

    @Test
    void listens_where_the_mounted_properties_say() throws Exception {
        assertThat(hostWith("camel.management.host = 0.0.0.0\n")).isEqualTo("0.0.0.0");
    }
}
