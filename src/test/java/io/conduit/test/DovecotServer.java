package io.conduit.test;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Dovecot 2.3 IMAP server run as a child process on loopback high ports, for integration tests.
 *
 * <p>It listens for IMAP (STARTTLS offered) and IMAPS with a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1}, knows passwd-file users with plain passwords and a master user, and keeps its mail (sdbox)
 * and state under its own directory. Running as root, its processes run as {@code nobody}/{@code nogroup}.
 * Use {@link #shared()} for one server per test JVM.
 */
public final class DovecotServer implements AutoCloseable {

    /** Password of the truststore returned by {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "changeit";
    private static final String PROBE_USER = "probe@example.com";
    private static DovecotServer shared;

    private final Path dir;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final String masterUser;
    private final String masterPassword;
    private final String extraConfig;
    private int imapPort;
    private int imapsPort;
    private Process process;
    private boolean prepared;

    /**
     * Creates a stopped server whose files go under {@code dir} (created if missing).
     *
     * @param dir            working directory, e.g. {@code target/dovecot-<random>}
     * @param masterUser     master user name, e.g. {@code archiver}
     * @param masterPassword its password
     */
    public DovecotServer(Path dir, String masterUser, String masterPassword) {
        this(dir, masterUser, masterPassword, "");
    }

    /**
     * Creates a stopped server with extra lines appended to its generated {@code dovecot.conf}.
     *
     * @param extraConfig Dovecot settings, e.g. {@code mail_max_userip_connections = 5}; empty for none
     */
    public DovecotServer(Path dir, String masterUser, String masterPassword, String extraConfig) {
        this.extraConfig = extraConfig;
        this.dir = dir.toAbsolutePath();
        this.masterUser = masterUser;
        this.masterPassword = masterPassword;
        users.put(PROBE_USER, UUID.randomUUID().toString());
    }

    /**
     * The JVM-wide server under {@code target/dovecot-<random>}, started on first use and stopped by a shutdown hook.
     * Its master user is {@code archiver}.
     *
     * @throws IllegalStateException when Dovecot does not start (the message has its log tail)
     */
    public static synchronized DovecotServer shared() {
        if (shared == null) {
            Path dir = Path.of("target", "dovecot-" + UUID.randomUUID().toString().substring(0, 8));
            DovecotServer server = new DovecotServer(dir, "archiver", "master-" + UUID.randomUUID());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "dovecot-stop"));
            shared = server;
        }
        return shared;
    }

    /**
     * Adds a passwd-file user; when the server runs, waits (at most 10 s) until the user can log in, since Dovecot
     * notices a changed passwd-file only on a later lookup.
     *
     * @return this server
     * @throws IllegalStateException when a running server does not accept the new user in time
     */
    public DovecotServer addUser(String name, String password) {
        return addUsers(Map.of(name, password));
    }

    /**
     * Adds several passwd-file users at once (one wait when running; see {@link #addUser}).
     *
     * @param namesAndPasswords user name to plain password
     * @return this server
     * @throws IllegalStateException when a running server does not accept the new users in time
     */
    public synchronized DovecotServer addUsers(Map<String, String> namesAndPasswords) {
        users.putAll(namesAndPasswords);
        if (prepared) {
            writeUsers();
        }
        if (isRunning()) {
            for (Map.Entry<String, String> user : namesAndPasswords.entrySet()) {
                Awaitility.await("Dovecot accepts new user " + user.getKey()).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> {
                            login(user.getKey(), user.getValue());
                            return true;
                        });
            }
        }
        return this;
    }

    /**
     * Starts Dovecot (no-op when running) and waits, at most 20 s, until an IMAPS login succeeds. Restarting after
     * {@link #stop()} keeps the ports, certificate and mail.
     *
     * @throws IllegalStateException when it does not start; the message has the tail of its log
     */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            if (!prepared) {
                prepare();
            }
            ProcessBuilder builder = new ProcessBuilder("/usr/sbin/dovecot", "-F", "-c", dir.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Dovecot in " + dir + ": " + e.getMessage() + "\n" + logTail(), e);
        }
        try {
            Process started = process;
            Awaitility.await("Dovecot IMAPS login").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .failFast("Dovecot exited", () -> !started.isAlive())
                    .ignoreExceptions()
                    .until(() -> {
                        login(PROBE_USER, users.get(PROBE_USER));
                        return true;
                    });
        } catch (RuntimeException e) {
            String reason = process.isAlive() ? "no IMAPS login within 20 s" : "it exited with " + exitValue();
            String tail = logTail();
            stop();
            throw new IllegalStateException("Dovecot did not start (" + reason + ") in " + dir
                    + "\n--- log tail ---\n" + tail, e);
        }
    }

    private String exitValue() {
        try {
            return String.valueOf(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown status";
        }
    }

    /** Stops Dovecot and all its child processes; waits for them to exit. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** True while the Dovecot master process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Loopback host name matching the certificate: {@code localhost}. */
    public String host() {
        return "localhost";
    }

    /** Port of plain IMAP with STARTTLS offered. */
    public int imapPort() {
        return imapPort;
    }

    /** Port of IMAPS (TLS from the first byte). */
    public int imapsPort() {
        return imapsPort;
    }

    /** PKCS12 truststore holding the server's self-signed certificate; password {@link #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** Master user name. */
    public String masterUser() {
        return masterUser;
    }

    /** Master user password. */
    public String masterPassword() {
        return masterPassword;
    }

    /** Working directory (config, certificate, logs, mail). */
    public Path dir() {
        return dir;
    }

    /**
     * Number of IMAP logins Dovecot has logged for a user (master logins count for the target user).
     *
     * @param user login user, e.g. {@code alice@example.com}
     */
    public long loginCount(String user) {
        return loginLines(user).size();
    }

    /**
     * Dovecot's log lines of the IMAP logins of a user, oldest first (they show e.g. {@code TLS} or {@code secured}).
     *
     * @param user login user, e.g. {@code alice@example.com}
     */
    public List<String> loginLines(String user) {
        String needle = "Login: user=<" + user + ">";
        return readLog().lines().filter(line -> line.contains(needle)).toList();
    }

    /** The size (RFC822.SIZE, bytes) of every message of a folder, in UID order, without fetching the messages. */
    public List<Long> messageSizes(String mailbox, String folder) throws MessagingException {
        return readFolder(mailbox, folder, new FetchProfile.Item[] {FetchProfile.Item.SIZE}, null, m -> (long) m.getSize());
    }

    /** The {@code Message-ID} of every message of a folder, in UID order (master login); empty when it does not exist. */
    public List<String> messageIds(String mailbox, String folder) throws MessagingException {
        return readFolder(mailbox, folder, new FetchProfile.Item[0], "Message-ID", m -> {
            String[] id = m.getHeader("Message-ID");
            return id == null ? null : id[0];
        });
    }

    /** Every message of a folder, read in full (master login); empty when the folder does not exist. */
    public List<MimeMessage> messages(String mailbox, String folder) throws MessagingException {
        return readFolder(mailbox, folder, new FetchProfile.Item[0], null, m -> new MimeMessage((MimeMessage) m));
    }

    /** Reads something of every message of a folder in UID order through a master-user login over IMAPS. */
    private <T> List<T> readFolder(String mailbox, String folder, FetchProfile.Item[] items, String header,
                                   MessageReader<T> reader) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            Folder f = store.getFolder(folder);
            List<T> result = new ArrayList<>();
            if (!f.exists()) {
                return result;
            }
            f.open(Folder.READ_ONLY);
            try {
                Message[] all = f.getMessages();
                FetchProfile profile = new FetchProfile();
                for (FetchProfile.Item item : items) {
                    profile.add(item);
                }
                if (header != null) {
                    profile.add(header);
                }
                f.fetch(all, profile);
                for (Message m : all) {
                    result.add(reader.read(m));
                }
            } finally {
                f.close(false);
            }
            return result;
        } finally {
            store.close();
        }
    }

    /**
     * Runs {@code UID THREAD REFERENCES UTF-8 ALL} (RFC 5256) on a folder through a master-user login and returns the
     * threads as lists of UIDs, in the server's order (each thread's UIDs in tree order).
     *
     * @throws MessagingException when the login, the folder or the command fails
     */
    public List<List<Long>> threadReferences(String mailbox, String folder) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            org.eclipse.angus.mail.imap.IMAPFolder f = (org.eclipse.angus.mail.imap.IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            try {
                String line = (String) f.doCommand(p -> {
                    org.eclipse.angus.mail.iap.Response[] responses = p.command("UID THREAD REFERENCES UTF-8 ALL", null);
                    p.handleResult(responses[responses.length - 1]);
                    for (org.eclipse.angus.mail.iap.Response r : responses) {
                        if (r instanceof org.eclipse.angus.mail.imap.protocol.IMAPResponse ir && ir.keyEquals("THREAD")) {
                            return ir.getRest();
                        }
                    }
                    return "";
                });
                List<List<Long>> threads = new ArrayList<>();
                int depth = 0;
                StringBuilder number = new StringBuilder();
                for (char c : (line + " ").toCharArray()) {
                    if (Character.isDigit(c)) {
                        number.append(c);
                        continue;
                    }
                    if (!number.isEmpty()) {
                        threads.get(threads.size() - 1).add(Long.parseLong(number.toString()));
                        number.setLength(0);
                    }
                    if (c == '(' && depth++ == 0) {
                        threads.add(new ArrayList<>());
                    } else if (c == ')') {
                        depth--;
                    }
                }
                return threads;
            } finally {
                f.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** Every message of a folder with its UID (master login), in UID order. */
    public Map<Long, MimeMessage> messagesByUid(String mailbox, String folder) throws MessagingException {
        Map<Long, MimeMessage> byUid = new LinkedHashMap<>();
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            org.eclipse.angus.mail.imap.IMAPFolder f = (org.eclipse.angus.mail.imap.IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            try {
                for (Message m : f.getMessages()) {
                    byUid.put(f.getUID(m), new MimeMessage((MimeMessage) m));
                }
            } finally {
                f.close(false);
            }
        } finally {
            store.close();
        }
        return byUid;
    }

    /** Reads one value of a message. */
    private interface MessageReader<T> {
        T read(Message m) throws MessagingException;
    }

    /**
     * Lists the folders of a mailbox (full names, server delimiter) through a master-user login.
     *
     * @throws MessagingException when the login or listing fails
     */
    public List<String> folders(String mailbox) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            return Stream.of(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
        } finally {
            store.close();
        }
    }

    /**
     * Deletes a folder (and its messages) through a master-user login, e.g. to make a client's folder cache stale.
     *
     * @throws MessagingException when the login or deletion fails
     */
    public void deleteFolder(String mailbox, String folder) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            store.getFolder(folder).delete(true);
        } finally {
            store.close();
        }
    }

    /**
     * Lists the subscribed folders of a mailbox (full names) through a master-user login.
     *
     * @throws MessagingException when the login or listing fails
     */
    public List<String> subscribed(String mailbox) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, mailbox + "*" + masterUser, masterPassword);
        try {
            return Stream.of(store.getDefaultFolder().listSubscribed("*")).map(Folder::getFullName).toList();
        } finally {
            store.close();
        }
    }

    /** The last lines of Dovecot's log and console output, for error messages. */
    public String logTail() {
        List<String> lines = readLog().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private String readLog() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.log", "dovecot.log")) {
            Path file = dir.resolve(name);
            try {
                if (Files.exists(file)) {
                    text.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                text.append("(cannot read ").append(file).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    private void login(String user, String password) throws MessagingException {
        Store store = session().getStore("imaps");
        store.connect(host(), imapsPort, user, password);
        store.close();
    }

    private Session session() {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        props.put("mail.imaps.ssl.socketFactory", TestTls.socketFactory(trustStore(), TRUST_STORE_PASSWORD));
        props.put("mail.imaps.connectiontimeout", "2000");
        props.put("mail.imaps.timeout", "5000");
        return Session.getInstance(props);
    }

    private void prepare() throws IOException {
        Files.createDirectories(dir);
        for (String sub : List.of("run", "state", "mail")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] runAs = runAs();
        for (String sub : List.of("run", "state", "mail")) {
            Path p = dir.resolve(sub);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (isRoot() && !sub.equals("run")) {
                UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(lookup.lookupPrincipalByName(runAs[0]));
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(runAs[1]);
                view.setGroup(group);
            }
        }
        TestTls.selfSigned(dir, "localhost", "127.0.0.1");
        TestTls.trustStore(dir.resolve("cert.pem"), trustStore(), TRUST_STORE_PASSWORD);
        imapPort = freePort();
        imapsPort = freePort();
        while (imapsPort == imapPort) {
            imapsPort = freePort();
        }
        writeUsers();
        Files.writeString(dir.resolve("masters"), masterUser + ":{PLAIN}" + masterPassword + "\n");
        Files.writeString(dir.resolve("dovecot.conf"), config(runAs));
        prepared = true;
    }

    private void writeUsers() {
        StringBuilder text = new StringBuilder();
        users.forEach((name, password) -> text.append(name).append(":{PLAIN}").append(password).append('\n'));
        try {
            Path tmp = dir.resolve("users.tmp");
            Files.writeString(tmp, text.toString());
            Files.move(tmp, dir.resolve("users"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config(String[] runAs) {
        return """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap
                listen = 127.0.0.1
                default_internal_user = %2$s
                default_internal_group = %3$s
                default_login_user = %2$s
                ssl = yes
                ssl_cert = <%1$s/cert.pem
                ssl_key = <%1$s/key.pem
                ssl_dh = </usr/share/dovecot/dh.pem
                auth_mechanisms = plain login
                # disable_plaintext_auth stays on: Dovecot counts loopback as secured, so the Security.NONE test logs in
                auth_failure_delay = 0
                auth_master_user_separator = *
                mail_location = sdbox:%1$s/mail/%%u
                mail_fsync = never
                mail_uid = %2$s
                mail_gid = %3$s
                first_valid_uid = 1
                mail_max_userip_connections = 50
                namespace inbox {
                  inbox = yes
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN %1$s/masters
                  master = yes
                  pass = yes
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=%2$s gid=%3$s home=%1$s/mail/%%u
                }
                service imap-login {
                  chroot =
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %4$d
                  }
                  inet_listener imaps {
                    address = 127.0.0.1
                    port = %5$d
                    ssl = yes
                  }
                }
                service anvil {
                  chroot =
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                """.formatted(dir, runAs[0], runAs[1], imapPort, imapsPort) + extraConfig + "\n";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String[] runAs() throws IOException {
        if (isRoot()) {
            return new String[]{"nobody", "nogroup"};
        }
        Process id = new ProcessBuilder("id", "-gn").redirectErrorStream(true).start();
        try (InputStream in = id.getInputStream()) {
            return new String[]{System.getProperty("user.name"), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()};
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
