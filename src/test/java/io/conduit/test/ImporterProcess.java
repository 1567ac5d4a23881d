package io.conduit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import io.conduit.source.whatsapp.ExportRecords;
import io.conduit.source.whatsapp.WhatsAppExportReader;
import io.conduit.source.whatsapp.WhatsAppSettings;

/** Runs {@code conduit.jar import} as its own JVM, and checks what it archived, for the reliability tests. */
public final class ImporterProcess {

    private ImporterProcess() {
    }

    /** The command line of {@code java [jvmOptions] -jar target/conduit.jar import whatsapp [args]}. */
    public static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> all = new ArrayList<>(List.of("import", "whatsapp"));
        all.addAll(args);
        return conduit(jvmOptions, all);
    }

    /**
     * The command line of {@code java [jvmOptions] -jar <absolute path of target/conduit.jar> [args]}: without
     * arguments, a Conduit that runs its connectors until stopped, from any working directory.
     */
    public static List<String> conduit(List<String> jvmOptions, List<String> args) {
        Path jar = Path.of("target/conduit.jar").toAbsolutePath();
        assertThat(jar).as("the fat jar, built in the package phase before the *IT tests").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    /** The {@code Message-ID} of every item of an export, as a connector with this id archives it (zone UTC, no owner). */
    public static Set<String> expectedMessageIds(Path export, String connectorId) throws Exception {
        Set<String> ids = new HashSet<>();
        try (ExportRecords records = WhatsAppExportReader.open(export, new WhatsAppSettings(connectorId, ZoneId.of("UTC"), null, "US"))) {
            while (records.hasNext()) {
                ids.add(ArchiveItemToMime.messageId((ArchiveItem) records.next()));
            }
        }
        return ids;
    }

    /** Asserts that a folder holds each expected message exactly once; prints copies, lost and duplicates. */
    public static void assertExactlyOnce(String what, List<String> actual, Set<String> expected) {
        List<String> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : actual) {
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        System.out.printf("%s: %d copies, %d lost, %d duplicates%n", what, actual.size(), missing.size(), duplicates.size());
        assertThat(duplicates).as(what + ": duplicated copies").isEmpty();
        assertThat(missing).as(what + ": lost copies").isEmpty();
        assertThat(seen).isEqualTo(expected);
    }

    /**
     * Stops a process where it stands (SIGSTOP), so that a test can take a server down at a chosen point of an import
     * before the import runs ahead of it; {@link #resume} lets it go on. Sent through {@code sh}'s own {@code kill}.
     */
    public static void suspend(Process process) throws IOException, InterruptedException {
        signal(process, "STOP");
    }

    /** Lets a process stopped by {@link #suspend} go on (SIGCONT). */
    public static void resume(Process process) throws IOException, InterruptedException {
        signal(process, "CONT");
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + process.pid()).isZero();
    }

    /** Lines of a file, 0 when it does not exist yet. */
    public static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }
}
