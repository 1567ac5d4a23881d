package io.conduit.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.mime.ConduitHeaders;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoredCopy;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conduit check-target --mailbox M [--to STORE] [IMAP/OAuth options as import]}: before a first run, logs in
 * as one custodian, creates the folder, appends a probe item and removes it again, and says what the target will do:
 * the message class its copies show, its size limit. The last line is JSON
 * {@code {"login":true,"append":true,"remove":true,"appendLimit":N}}.
 */
@Command(name = "check-target", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:the target takes and removes a probe item",
                "1:it does not (the line says which step failed)", "64:usage error"},
        description = "Logs in as one custodian, creates the folder, appends a probe item and removes it, and reports "
                + "the message class copies will show and the size limit. Use it to test a tenant or server before the "
                + "first run.")
public final class CheckTargetCommand implements Callable<Integer> {

    /** Message class of the probe item. */
    static final String PROBE_CLASS = "IPM.NOTE.Conduit.Probe";

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "STORE",
            description = "The target: maildir:DIR, imaps://host:port, imap://host:port or graph: (default: conduit.store.uri)")
    String to;

    @Option(names = "--mailbox", required = true, paramLabel = "MAILBOX", description = "A custodian mailbox to test with")
    String mailbox;

    @Option(names = "--folder", paramLabel = "NAME", defaultValue = "Conduit Target Check",
            description = "Folder the probe goes into (created when missing; default: ${DEFAULT-VALUE})")
    String folder;

    @Mixin
    ImapLoginOptions imap = new ImapLoginOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("login", false);
        summary.put("append", false);
        summary.put("remove", false);
        int exit = ExitCodes.FAILURE;
        try (ArchiveStore store = CliStores.open(to, imap)) {
            out.println("target: " + store.describe());
            store.check(mailbox);
            summary.put("login", true);
            out.println("login: ok for " + mailbox);
            StoredCopy copy = store.append(mailbox, folder, probe());
            summary.put("append", true);
            out.println("append: ok into " + folder + " (" + copy.correlationId() + ")");
            store.remove(copy);
            summary.put("remove", true);
            out.println("remove: ok, the probe is gone");
            long limit = store.appendLimit();
            summary.put("appendLimit", limit);
            out.println("size limit: " + (limit > 0 ? limit + " bytes (the server's APPENDLIMIT)"
                    : "none advertised: Conduit's maximum item size applies (conduit.store.max-item-bytes, 150 MB by default)"));
            out.println("message class copies will show: " + messageClass(store.describe()));
            exit = ExitCodes.OK;
        } catch (Exception e) {
            out.println("check failed: " + e.getMessage());
        }
        out.println(new ObjectMapper().writeValueAsString(summary));
        out.flush();
        return exit;
    }

    /** A small probe item, marked as Conduit's own with the probe class. */
    private MimeMessage probe() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            private final String id = "<check." + UUID.randomUUID() + "@conduit.invalid>";

            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(new InternetAddress("conduit-check@conduit.invalid", "Conduit target check"));
        m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(mailbox));
        m.setSubject("Conduit target check");
        m.setSentDate(Date.from(Instant.now()));
        m.setText("A probe written by conduit check-target and removed again at once.", "UTF-8");
        m.setHeader(ConduitHeaders.MESSAGE_CLASS, PROBE_CLASS);
        m.setHeader(ConduitHeaders.CONTENT_CLASS, "urn:content-class:custom.Conduit.Probe");
        m.saveChanges();
        return m;
    }

    /** What the target shows as the message class, by its kind. */
    static String messageClass(String target) {
        String t = target.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("graph")) {
            return "the exact IPM.NOTE.<Source>.<Event> (Graph extended property 0x001A)";
        }
        if (t.contains("office365.com") || t.contains("outlook.com")) {
            return "IPM.Note.Custom.<Source>.<Event> (Exchange reads Content-Class: urn:content-class:custom.<Source>.<Event>)";
        }
        if (t.contains("gmail.com")) {
            return "none (Gmail keeps labels, not classes); the X-Conduit-Message-Class header stays searchable";
        }
        return "none in the store itself; every copy carries X-Conduit-Message-Class: IPM.NOTE.<Source>.<Event>";
    }
}
