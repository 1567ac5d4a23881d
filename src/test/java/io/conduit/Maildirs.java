package io.conduit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads messages back from a Maildir++ tree written by the Maildir store. */
public final class Maildirs {

    private Maildirs() {
    }

    /** Messages of one folder ({@code Inbox} or a folder name), in file-name order; empty when the folder is absent. */
    public static List<MimeMessage> messages(Path root, String mailbox, String folder) throws IOException, MessagingException {
        Path dir = root.resolve(mailbox);
        if (!folder.equalsIgnoreCase("inbox")) {
            dir = dir.resolve("." + folder.replace('/', '.'));
        }
        List<MimeMessage> messages = new ArrayList<>();
        for (String sub : new String[] {"new", "cur"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.sorted().toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
                        m.getContent();
                        messages.add(m);
                    }
                }
            }
        }
        return messages;
    }

    /** Whether a message file is in the evidence manifests' folder ({@code .Conduit Evidence}), not a copy. */
    private static boolean evidence(Path file) {
        return file.getParent().getParent().getFileName().toString().equals(".Conduit Evidence");
    }

    /**
     * Every copy under a root, all mailboxes and folders, in path order; the evidence manifests (folder
     * {@code Conduit Evidence}) are left out: read them with {@link #messages}.
     */
    public static List<MimeMessage> all(Path root) throws IOException, MessagingException {
        List<MimeMessage> messages = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return messages;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().matches("new|cur")).filter(p -> !evidence(p))
                    .sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
                    m.getContent();
                    messages.add(m);
                }
            }
        }
        return messages;
    }

    /** Number of copies under a root, all mailboxes and folders, the evidence manifests left out. */
    public static long countAll(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("new|cur"))
                    .filter(p -> !evidence(p)).count();
        }
    }
}
