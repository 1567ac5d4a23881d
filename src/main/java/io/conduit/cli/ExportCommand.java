package io.conduit.cli;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.export.ArchivedCopy;
import io.conduit.export.RsmfWriter;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conduit export rsmf}: writes a custodian's archived chats as Relativity Short Message Format files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports archived copies for review tools.",
        subcommands = {ExportCommand.RsmfCommand.class})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code export rsmf --mailbox M --from DATE --to DATE [--out DIR] [--store STORE] [IMAP options as import]}: reads every folder of the
     * mailbox from the store (Maildir or IMAP) and writes one RSMF 2.0 file per conversation and day
     * ({@link RsmfWriter}); prints one line per file and a JSON summary line.
     */
    @Command(name = "rsmf", mixinStandardHelpOptions = true,
            description = "Writes one Relativity Short Message Format 2.0 file (.rsmf: an RFC 5322 message with one "
                    + "rsmf.zip attachment holding rsmf_manifest.json and the attachments) per conversation and day of "
                    + "the mailbox's archived message-level copies. The last line is JSON {\"copies\",\"files\",\"events\","
                    + "\"attachments\",\"transcripts\",\"other\"}. Exit 0, or 1 on any failure.")
    static final class RsmfCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        // the store options of import, except --to, which here is the last day (as --from is the first)
        @Option(names = "--store", paramLabel = "STORE",
                description = "The archive to read: maildir:DIR, imaps://host:port or imap://host:port (default: conduit.store.uri)")
        String storeUri;

        @picocli.CommandLine.Mixin
        ImapLoginOptions imap = new ImapLoginOptions();

        @Option(names = "--mailbox", required = true, paramLabel = "MAILBOX", description = "Custodian mailbox to export")
        String mailbox;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day, yyyy-mm-dd (the day the participants saw)")
        String from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day, yyyy-mm-dd, inclusive")
        String to;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "rsmf", description = "Folder for the .rsmf files (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LocalDate first;
            LocalDate last;
            try {
                first = LocalDate.parse(from);
                last = LocalDate.parse(to);
            } catch (DateTimeParseException e) {
                err.println("--from and --to are days written yyyy-mm-dd: " + e.getParsedString());
                return ImportCommand.EXIT_FAILURE;
            }
            Files.createDirectories(out);
            Path spool = Files.createTempDirectory(out, ".spool-");
            Map<String, Long> summary = new LinkedHashMap<>();
            for (String k : List.of("copies", "files", "events", "attachments", "transcripts", "other")) {
                summary.put(k, 0L);
            }
            try (ArchiveStore store = store()) {
                Map<String, List<ArchivedCopy>> days = new TreeMap<>();
                Set<String> seen = new HashSet<>();
                store.readAll(mailbox, (folder, m) -> {
                    summary.merge("copies", 1L, Long::sum);
                    String messageClass = m.getHeader(io.conduit.mime.ConduitHeaders.MESSAGE_CLASS, null);
                    if (!ArchivedCopy.isConduitCopy(m)) {
                        summary.merge("other", 1L, Long::sum);
                    } else if (messageClass != null && messageClass.endsWith(".Transcript")) {
                        summary.merge("transcripts", 1L, Long::sum);
                    } else {
                        ArchivedCopy copy = ArchivedCopy.of(m, spool);
                        LocalDate day = copy.time().toLocalDate();
                        if (!day.isBefore(first) && !day.isAfter(last) && seen.add(copy.messageId())) {
                            days.computeIfAbsent(copy.connectorId() + '\u0000' + copy.conversationId() + '\u0000' + day,
                                    k -> new ArrayList<>()).add(copy);
                        }
                    }
                });
                for (List<ArchivedCopy> copies : days.values()) {
                    RsmfWriter.Written w = RsmfWriter.write(out, mailbox, copies.get(0).time().toLocalDate(), copies);
                    summary.merge("files", 1L, Long::sum);
                    summary.merge("events", (long) w.events(), Long::sum);
                    summary.merge("attachments", (long) w.attachments(), Long::sum);
                    stdout.printf("%s: %d events, %d attachments (%s)%n", w.file(), w.events(), w.attachments(),
                            Text.clean(copies.get(0).conversationName()));
                }
            } catch (Exception e) {
                err.println("export failed: " + e.getMessage());
                return ImportCommand.EXIT_FAILURE;
            } finally {
                deleteTree(spool);
            }
            if (summary.get("transcripts") > 0) {
                stdout.printf("%d transcript email(s) not exported: RSMF events are built from message-level copies%n",
                        summary.get("transcripts"));
            }
            stdout.println(new ObjectMapper().writeValueAsString(summary));
            stdout.flush();
            return 0;
        }

        private ArchiveStore store() throws Exception {
            return CliStores.open(storeUri, imap);
        }

        private static void deleteTree(Path dir) throws IOException {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
