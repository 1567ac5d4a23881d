import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A minimal IMAP uploader of pre-built messages, the ceiling the harness compares Conduit with (issue 14). Not part of
 * Conduit; run from the fat jar's class path:
 *
 * <pre>
 * java -Djavax.net.ssl.trustStore=T.p12 -Djavax.net.ssl.trustStorePassword=PW -cp target/conduit.jar \
 *   bench/RawAppend.java MODE HOST PORT MAILDIR FOLDER MASTER PASSWORD_FILE [BATCH]
 * </pre>
 *
 * <p>MAILDIR is Conduit's Maildir output ({@code MAILDIR/<mailbox>/.<FOLDER>/new/*}); every file is read into memory
 * (LF turned into CRLF) before the clock starts. Each mailbox is logged in to over IMAPS as {@code <mailbox>*MASTER}.
 * MODE: {@code serial} one APPEND in flight at a time over all mailboxes; {@code parallel} one connection (thread)
 * per mailbox, one APPEND at a time on each; {@code multi} MULTIAPPEND (RFC 3502) commands of BATCH messages
 * (default 100), one command in flight at a time; {@code multi-parallel} the same with one connection per mailbox.
 * Prints one line: {@code copies=N seconds=S rate=R} (S from the first login to the last tagged OK).
 */
public final class RawAppend {

    private RawAppend() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: RawAppend serial|parallel|multi|multi-parallel HOST PORT MAILDIR FOLDER MASTER PASSWORD_FILE [BATCH]");
            System.exit(2);
        }
        String mode = args[0];
        String host = args[1];
        String port = args[2];
        Path root = Path.of(args[3]);
        String folder = args[4];
        String master = args[5];
        String password = Files.readString(Path.of(args[6])).strip();
        int batch = args.length > 7 ? Integer.parseInt(args[7]) : 100;
        boolean multi = mode.startsWith("multi");
        boolean parallel = mode.endsWith("parallel");

        List<Path> mailboxes;
        try (Stream<Path> s = Files.list(root)) {
            mailboxes = s.filter(p -> Files.isDirectory(p.resolve("." + folder))).sorted().toList();
        }
        List<List<byte[]>> messages = new ArrayList<>();
        int copies = 0;
        for (Path mailbox : mailboxes) {
            List<byte[]> list = new ArrayList<>();
            try (Stream<Path> s = Files.list(mailbox.resolve("." + folder).resolve("new"))) {
                for (Path file : s.sorted().toList()) {
                    list.add(crlf(Files.readAllBytes(file)));
                }
            }
            messages.add(list);
            copies += list.size();
        }

        Properties props = new Properties();
        props.put("mail.imaps.host", host);
        props.put("mail.imaps.port", port);
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        Session session = Session.getInstance(props);

        long start = System.nanoTime();
        if (parallel) {
            ExecutorService pool = Executors.newFixedThreadPool(mailboxes.size());
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < mailboxes.size(); i++) {
                String user = mailboxes.get(i).getFileName() + "*" + master;
                List<byte[]> list = messages.get(i);
                done.add(pool.submit(() -> {
                    upload(session, user, password, folder, list, multi ? batch : 1);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        } else {
            for (int i = 0; i < mailboxes.size(); i++) {
                upload(session, mailboxes.get(i).getFileName() + "*" + master, password, folder, messages.get(i),
                        multi ? batch : 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("copies=%d seconds=%.3f rate=%.1f%n", copies, seconds, copies / seconds);
    }

    /** Logs in, creates the folder if missing, appends {@code list} in commands of {@code batch} messages. */
    private static void upload(Session session, String user, String password, String folderName, List<byte[]> list,
                               int batch) throws MessagingException {
        Store store = session.getStore("imaps");
        store.connect(user, password);
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            if (!folder.exists()) {
                folder.create(Folder.HOLDS_MESSAGES);
            }
            for (int from = 0; from < list.size(); from += batch) {
                List<byte[]> part = list.subList(from, Math.min(list.size(), from + batch));
                folder.doCommand(p -> {
                    // APPEND "folder" {n1}CRLF<msg1> {n2}CRLF<msg2> ...: RFC 3502 when part has more than one.
                    Argument arg = new Argument();
                    arg.writeString(folderName);
                    for (byte[] message : part) {
                        arg.writeBytes(new Literal() {
                            @Override
                            public int size() {
                                return message.length;
                            }

                            @Override
                            public void writeTo(OutputStream out) throws IOException {
                                out.write(message);
                            }
                        });
                    }
                    Response[] r = p.command("APPEND", arg);
                    p.notifyResponseHandlers(r);
                    p.handleResult(r[r.length - 1]);
                    return null;
                });
            }
        } finally {
            store.close();
        }
    }

    private static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 20);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }
}
