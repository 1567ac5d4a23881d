package io.conduit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conduit.ConduitOptions;

/** What the connector tests through the real Main share: a sandboxed configuration and the connector log's runs. */
public final class ConnectorTests {

    private ConnectorTests() {
    }

    /**
     * Properties that keep a test Main inside {@code tmp}: the Maildir store under {@code archive/}, the state under
     * {@code state/}, and the bundled demo connector pointed at an empty folder. Mutable, for the test's own connector.
     */
    public static Map<String, String> sandbox(Path tmp) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString());
        props.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        props.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        return props;
    }

    /** The {@code run} lines of a connector log ({@code state/connector-log/<connector>.jsonl}); none before it exists. */
    public static List<String> runLines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("\"type\":\"run\"")).toList()
                : List.of();
    }

    /** The files of a folder (a connector's spool), or none when it does not exist. */
    public static List<Path> files(Path folder) throws IOException {
        if (!java.nio.file.Files.exists(folder)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(folder)) {
            return s.toList();
        }
    }
}
