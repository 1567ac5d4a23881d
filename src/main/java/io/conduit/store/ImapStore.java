package io.conduit.store;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Stores copies in an IMAP server with {@code APPEND}, over a small pool of logged-in connections reused across items.
 *
 * <p>Login modes:
 * <ul>
 *   <li><b>Master user</b> ({@link ImapSettings#masterUser()} set, Dovecot): logs in as
 *       {@code <mailbox>*<masterUser>} with the master password, one connection per target mailbox; the copy goes to
 *       {@code <folder>} in that mailbox.</li>
 *   <li><b>Plain</b>: logs in as {@link ImapSettings#user()}, a single archive account holding every custodian's
 *       copies in a per-custodian hierarchy: a copy for the mailbox equal (case-insensitively) to the user goes to
 *       {@code <folder>}, a copy for any other mailbox goes to {@code <mailbox>/<folder>} in that same account.</li>
 * </ul>
 * Folder paths use {@code /}; they are joined with the server's hierarchy delimiter (a delimiter character inside one
 * segment, such as the dots of an address on a {@code .}-delimited server, becomes {@code _}). A top-level
 * {@code Inbox} (any case) is the server's {@code INBOX}. Folders are created and subscribed on demand.
 *
 * <p>At most {@code maxConnections} connections are open (least recently used closed first); appends over one
 * connection are serialized. A connection that dropped is re-established once per append; the folder is then
 * searched for the message's {@code Message-ID} and the message is written again only when it is not there, so an
 * APPEND lost together with its answer leaves no duplicate; only then does the append fail. Thread-safe.
 */
public final class ImapStore implements ArchiveStore {

    /** Default maximum number of open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);

    private final ImapSettings settings;
    private final int maxConnections;
    private final Session session;
    private final LinkedHashMap<String, ImapConnection> pool = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicBoolean warnedNoUidPlus = new AtomicBoolean();
    /** One byte less than the smallest message the server refused as too big, or -1. */
    private final java.util.concurrent.atomic.AtomicLong refusedLimit = new java.util.concurrent.atomic.AtomicLong(-1);

    /**
     * Creates a store with at most {@value #DEFAULT_MAX_CONNECTIONS} open connections; nothing connects yet.
     *
     * @throws IllegalArgumentException when the truststore cannot be read
     */
    public ImapStore(ImapSettings settings) {
        this(settings, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Creates a store; nothing connects yet.
     *
     * @param settings       server, security and credentials
     * @param maxConnections maximum number of connections kept open (at least 1)
     * @throws IllegalArgumentException when {@code maxConnections < 1} or the truststore cannot be read
     */
    public ImapStore(ImapSettings settings, int maxConnections) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.session = ImapSessions.create(settings);
    }

    /**
     * Appends one copy; see the class documentation for where it goes.
     *
     * @return the copy with the caller's mailbox and folder and the correlation id
     *         {@code imap://<account>@<host>:<port>/<server folder>;UIDVALIDITY=<v>/;UID=<u>} (RFC 5092, account and
     *         folder percent-encoded; the account is the mailbox in master-user mode, the login user in plain mode),
     *         or {@code imap://<account>@<host>:<port>/<server folder>;MESSAGE-ID=<id>} when the server lacks UIDPLUS
     * @throws StoreException when the copy could not be stored after one reconnect; the message names the server,
     *                        mailbox and folder, never a password
     */
    @Override
    public StoredCopy append(String mailbox, String folder, MimeMessage message) throws StoreException {
        return store(mailbox, folder, message, false);
    }

    /**
     * Like {@link #append}, but first looks for a copy with the message's {@code Message-ID} in the folder
     * ({@code UID SEARCH HEADER Message-ID}) and returns it instead of appending a second one. One SEARCH more per
     * copy: the pipeline uses it only for items that may have been half-stored (after a crash or a redelivery).
     */
    @Override
    public StoredCopy appendIfAbsent(String mailbox, String folder, MimeMessage message) throws StoreException {
        return store(mailbox, folder, message, true);
    }

    /**
     * Stores the messages with {@code MULTIAPPEND} commands (RFC 3502; at most {@value ImapConnection#MULTIAPPEND_BYTES}
     * bytes of messages each) over the mailbox's one connection, or one APPEND each when the server lacks MULTIAPPEND.
     * Nothing is retried here: after any failure (a lost connection, a size refusal, a throttled session) some of the
     * messages may be stored, and the caller stores each again with {@link #appendIfAbsent}.
     *
     * @return one copy per message, in order, with correlation ids as {@link #append} gives them
     * @throws StoreException naming server, mailbox and folder, never a password
     */
    @Override
    public List<StoredCopy> appendAll(String mailbox, String folder, List<? extends MimeMessage> messages)
            throws StoreException {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (mailbox == null || mailbox.isBlank() || folder == null || folder.isBlank()
                || (settings.masterMode() && mailbox.indexOf('*') >= 0)) {
            return ArchiveStore.super.appendAll(mailbox, folder, messages); // refused there with the reason
        }
        List<String> path = pathOf(mailbox, folder);
        while (true) {
            ImapConnection connection = acquire(settings.loginFor(mailbox), mailbox);
            synchronized (connection) {
                if (connection.retired()) {
                    continue;
                }
                List<ImapConnection.Appended> appended;
                try {
                    appended = connection.appendAll(path, messages);
                } catch (MessagingException e) {
                    if (isConnectionFailure(e)) {
                        connection.disconnect();
                    }
                    throw failure(mailbox, folder, e);
                }
                List<StoredCopy> copies = new ArrayList<>(appended.size());
                for (int i = 0; i < appended.size(); i++) {
                    copies.add(new StoredCopy(mailbox, folder, correlationId(mailbox, appended.get(i), messages.get(i))));
                }
                return copies;
            }
        }
    }

    private StoredCopy store(String mailbox, String folder, MimeMessage message, boolean lookFirst) throws StoreException {
        if (mailbox == null || mailbox.isBlank() || folder == null || folder.isBlank() || message == null) {
            throw new StoreException("IMAP append needs a mailbox, a folder and a message (mailbox '" + mailbox
                    + "', folder '" + folder + "')");
        }
        if (settings.masterMode() && mailbox.indexOf('*') >= 0) {
            throw new StoreException("IMAP append to mailbox '" + mailbox + "', folder '" + folder + "' on "
                    + settings.serverUri() + " refused: a mailbox name must not contain the master-user separator '*'");
        }
        List<String> path = pathOf(mailbox, folder);
        while (true) {
            ImapConnection connection = acquire(settings.loginFor(mailbox), mailbox);
            synchronized (connection) {
                if (!connection.retired()) {
                    return appendOn(connection, mailbox, folder, path, message, lookFirst);
                }
            }
        }
    }

    private StoredCopy appendOn(ImapConnection connection, String mailbox, String folder, List<String> path,
                                MimeMessage message, boolean lookFirst) throws StoreException {
        ImapConnection.Appended appended;
        try {
            appended = lookFirst ? findOrAppend(connection, path, message) : connection.append(path, message);
        } catch (MessagingException first) {
            if (isTooBig(first)) {
                throw tooBig(mailbox, folder, message, first);
            }
            long backoff = throttleMillis(first);
            if (backoff >= 0) {
                // Exchange Online: "Request is throttled. Suggested Backoff Time: N milliseconds", then it drops the
                // connection; wait as long as it asks (bounded), log in again and look before writing again
                LOG.warn("IMAP server {} throttles mailbox {}: waiting {} ms as it asks", settings.serverUri(), mailbox,
                        backoff);
                connection.disconnect();
                pause(backoff);
                try {
                    appended = findOrAppend(connection, path, message);
                    return new StoredCopy(mailbox, folder, correlationId(mailbox, appended, message));
                } catch (MessagingException again) {
                    if (isTooBig(again)) {
                        throw tooBig(mailbox, folder, message, again);
                    }
                    if (isConnectionFailure(again)) {
                        connection.disconnect();
                    }
                    throw failure(mailbox, folder, again); // the dead letter channel redelivers with its own backoff
                }
            }
            if (!isConnectionFailure(first)) {
                throw failure(mailbox, folder, first); // e.g. a NO to APPEND: the connection itself is fine
            }
            LOG.warn("IMAP connection to {} for mailbox {} is down ({}); reconnecting once", settings.serverUri(),
                    mailbox, redact(first.getMessage()));
            connection.disconnect();
            try {
                // the lost APPEND may have been stored: look before writing it again
                appended = findOrAppend(connection, path, message);
            } catch (MessagingException second) {
                if (isTooBig(second)) {
                    throw tooBig(mailbox, folder, message, second);
                }
                if (isConnectionFailure(second)) {
                    connection.disconnect();
                }
                throw failure(mailbox, folder, second);
            }
        }
        return new StoredCopy(mailbox, folder, correlationId(mailbox, appended, message));
    }

    /**
     * Looks for the message by {@code Message-ID}, appends it when absent, then removes any other message with that
     * {@code Message-ID} that the server indexed meanwhile (one it had written, unindexed, when the connection was
     * lost), so that a lost APPEND leaves exactly one copy.
     */
    private ImapConnection.Appended findOrAppend(ImapConnection connection, List<String> path, MimeMessage message)
            throws MessagingException {
        String messageId = message.getMessageID();
        ImapConnection.Appended found = messageId == null ? null : connection.find(path, messageId);
        ImapConnection.Appended result = found != null ? found : connection.append(path, message);
        if (messageId != null && result.uid() != null) {
            int removed = connection.removeOthers(path, messageId, result.uid().uid);
            if (removed > 0) {
                LOG.warn("IMAP server {}: removed {} second copy(ies) of {} in {} that the server stored when the "
                        + "connection was lost", settings.serverUri(), removed, messageId, result.serverFolder());
            }
        }
        return result;
    }

    private ImapConnection acquire(String login, String mailbox) {
        List<ImapConnection> evicted = new ArrayList<>();
        ImapConnection connection;
        synchronized (pool) {
            connection = pool.get(login);
            if (connection == null) {
                connection = new ImapConnection(settings, session, login, mailbox, logins::incrementAndGet);
                pool.put(login, connection);
            }
            Iterator<Map.Entry<String, ImapConnection>> eldest = pool.entrySet().iterator();
            while (pool.size() > maxConnections) {
                evicted.add(eldest.next().getValue());
                eldest.remove();
            }
        }
        for (ImapConnection old : evicted) {
            synchronized (old) {
                old.retire();
            }
        }
        return connection;
    }

    /** The folder's path segments for this mailbox: the custodian's own, or under its name in plain-login mode. */
    private List<String> pathOf(String mailbox, String folder) {
        boolean own = settings.perMailboxLogin() || mailbox.equalsIgnoreCase(settings.user());
        return folderPath(own ? null : mailbox, folder);
    }

    private static List<String> folderPath(String custodian, String folder) {
        List<String> path = new ArrayList<>();
        if (custodian != null) {
            path.add(custodian);
        }
        for (String segment : folder.split("/")) {
            if (!segment.isEmpty()) {
                path.add(path.isEmpty() && segment.equalsIgnoreCase("INBOX") ? "INBOX" : segment);
            }
        }
        if (path.isEmpty()) {
            path.add("INBOX");
        }
        return path;
    }

    /** Messages read back per opening of a folder by {@link #readAll}. */
    static final int READ_SLICE = 2000;

    /** Longest wait a server's suggested backoff is honoured for, in milliseconds (5 minutes). */
    static final long MAX_BACKOFF_MILLIS = 300_000;

    private static final java.util.regex.Pattern THROTTLED = java.util.regex.Pattern.compile(
            "Request is throttled\\. Suggested Backoff Time: (\\d{1,9}) milliseconds");

    /**
     * The backoff a throttling answer asks for, in milliseconds (Exchange Online: {@code Request is throttled.
     * Suggested Backoff Time: N milliseconds}, in the failure or a cause), at most {@value #MAX_BACKOFF_MILLIS};
     * -1 when the failure is not a throttling answer.
     */
    static long throttleMillis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            java.util.regex.Matcher m = t.getMessage() == null ? null : THROTTLED.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Math.min(Long.parseLong(m.group(1)), MAX_BACKOFF_MILLIS);
            }
        }
        return -1;
    }

    private static final java.util.regex.Pattern TOO_BIG = java.util.regex.Pattern.compile(
            "\\[TOOBIG\\]|\\[LIMIT\\][^\\r\\n]*(?i:size|too large|too big)");

    /**
     * Whether an APPEND was refused for the message's size: {@code NO [TOOBIG]} (RFC 7889, RFC 4469), or
     * {@code NO [LIMIT]} (RFC 5530) whose text speaks of size, as Dovecot's {@code quota_max_mail_size} answers.
     */
    static boolean isTooBig(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && TOO_BIG.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The refusal of a copy for its size, with the size of the refused message; the store also keeps that size less
     * one byte as a ceiling for later items ({@link #appendLimit()}), so that they are built within it.
     */
    private ItemTooBigException tooBig(String mailbox, String folder, MimeMessage message, MessagingException cause) {
        long size = sizeOf(message);
        if (size > 1) {
            refusedLimit.accumulateAndGet(size - 1, (old, now) -> old < 0 ? now : Math.min(old, now));
        }
        LOG.warn("IMAP server {} refused a copy of {} bytes for mailbox {}, folder {} as too big", settings.serverUri(),
                size, mailbox, io.conduit.model.Text.clean(folder));
        return new ItemTooBigException("IMAP append to mailbox '" + mailbox + "', folder '" + folder + "' on "
                + settings.serverUri() + " refused: the message of " + size + " bytes is too big for the server ("
                + redact(cause.getMessage()) + ")", size, cause);
    }

    private static long sizeOf(MimeMessage message) {
        try {
            if (message instanceof io.conduit.mime.HashedMimeMessage hashed) {
                return hashed.digest().size();
            }
            io.conduit.ledger.MimeDigest counted = new io.conduit.ledger.MimeDigest(java.io.OutputStream.nullOutputStream());
            message.writeTo(counted);
            return counted.size();
        } catch (IOException | MessagingException e) {
            return -1;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isConnectionFailure(MessagingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return false; // an untrusted certificate stays untrusted: no reconnect
            }
        }
        if (e instanceof FolderClosedException || e instanceof StoreClosedException
                || e instanceof MailConnectException) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof ConnectionException) {
                return true;
            }
        }
        return false;
    }

    private String correlationId(String mailbox, ImapConnection.Appended appended, MimeMessage message) {
        String account = settings.perMailboxLogin() ? mailbox : settings.user();
        String base = "imap://" + encode(account, false) + "@" + hostPort() + "/"
                + encode(appended.serverFolder(), true);
        if (appended.uid() != null) {
            return base + ";UIDVALIDITY=" + appended.uid().uidvalidity + "/;UID=" + appended.uid().uid;
        }
        if (warnedNoUidPlus.compareAndSet(false, true)) {
            LOG.warn("IMAP server {} does not return APPENDUID (no UIDPLUS): correlation ids use the Message-ID",
                    settings.serverUri());
        }
        String messageId;
        try {
            messageId = message.getMessageID();
        } catch (MessagingException e) {
            messageId = null;
        }
        return base + ";MESSAGE-ID=" + encode(messageId == null ? "" : messageId, false);
    }

    private String hostPort() {
        return (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":" + settings.port();
    }

    /**
     * Removes a copy this store wrote, found by the {@code UIDVALIDITY} and {@code UID} of its correlation id, over a
     * connection of its own (used by {@code check-target} for its probe item).
     *
     * @throws StoreException when the copy has no UID (a server without UIDPLUS), is no longer there, or the server
     *                        refuses; the message names the server and folder, never a password
     */
    @Override
    public void remove(StoredCopy copy) throws StoreException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^imap://[^/]+/(.+);UIDVALIDITY=(\\d+)/;UID=(\\d+)$")
                .matcher(copy.correlationId());
        if (!m.matches()) {
            throw new StoreException("IMAP copy " + copy.correlationId() + " has no UID to remove it by");
        }
        String folder = java.net.URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        ImapConnection connection = new ImapConnection(settings, session, settings.loginFor(copy.mailbox()),
                copy.mailbox(), () -> { });
        try {
            if (!connection.remove(folder, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)))) {
                throw new StoreException("IMAP copy " + copy.correlationId() + " is not there (UIDVALIDITY changed or "
                        + "already removed)");
            }
        } catch (MessagingException e) {
            throw failure(copy.mailbox(), copy.folder(), e);
        } finally {
            connection.retire();
        }
    }

    private static String encode(String value, boolean keepSlash) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return keepSlash ? encoded.replace("%2F", "/") : encoded;
    }

    private StoreException failure(String mailbox, String folder, MessagingException cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !reason.contains(t.getMessage())) {
                reason += ": " + t.getMessage();
                break;
            }
        }
        return new StoreException("IMAP append to mailbox '" + mailbox + "', folder '" + folder + "' on "
                + settings.serverUri() + " failed: " + redact(reason), cause);
    }

    private String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : new String[]{settings.password(), settings.trustStorePassword()}) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }

    /**
     * Connects and logs in as the store would to append into {@code mailbox} ({@code <mailbox>*<master user>}, or the
     * plain user), then logs out. It uses a connection of its own with the store's session and settings, so it never
     * waits behind an APPEND in progress on a pooled connection, and proves that a new login works now.
     *
     * @throws StoreException when the server is unreachable, TLS fails or the login is refused; the message names the
     *                        server and login, never the password
     */
    @Override
    public void check(String mailbox) throws StoreException {
        String login = settings.loginFor(mailbox);
        ImapConnection probe = new ImapConnection(settings, session, login, mailbox, () -> { });
        try {
            probe.verify();
        } catch (MessagingException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e.getCause() != null && e.getCause().getMessage() != null && !reason.contains(e.getCause().getMessage())) {
                reason += ": " + e.getCause().getMessage();
            }
            throw new StoreException("IMAP server " + settings.serverUri() + " login as " + login + " failed: "
                    + redact(reason), e);
        } finally {
            probe.retire();
        }
    }

    /**
     * Reads every message of a custodian's folders over a connection of its own: in master-user mode every folder of
     * the mailbox; in plain mode the folders under {@code <mailbox>/} of the archive account (every folder when the
     * mailbox is the login user).
     *
     * @throws StoreException naming the server and mailbox, never a password
     */
    @Override
    public void readAll(String mailbox, CopyVisitor visitor) throws StoreException {
        boolean own = settings.perMailboxLogin() || mailbox.equalsIgnoreCase(settings.user());
        String login = settings.loginFor(mailbox);
        jakarta.mail.Store store = null;
        try {
            store = ImapConnection.login(session, settings, login, mailbox); // a refused token renewed once
            char delimiter = store.getDefaultFolder().getSeparator();
            jakarta.mail.Folder[] folders = own ? store.getDefaultFolder().list("*")
                    : store.getDefaultFolder().list(mailbox + delimiter + "*");
            for (jakarta.mail.Folder folder : folders) {
                if ((folder.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                String name = own ? folder.getFullName() : folder.getFullName().substring(mailbox.length() + 1);
                name = name.replace(delimiter, '/');
                // in slices: closing the folder forgets the messages Angus caches, so memory stays flat at any size
                int count = -1;
                for (int first = 1; count < 0 || first <= count; first += READ_SLICE) {
                    folder.open(jakarta.mail.Folder.READ_ONLY);
                    try {
                        count = folder.getMessageCount();
                        if (first > count) {
                            break;
                        }
                        for (jakarta.mail.Message m : folder.getMessages(first, Math.min(count, first + READ_SLICE - 1))) {
                            visitor.visit(name.equalsIgnoreCase("INBOX") ? "Inbox" : name, new MimeMessage((MimeMessage) m));
                        }
                    } finally {
                        folder.close(false);
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            throw new StoreException("cannot read mailbox '" + mailbox + "' on " + settings.serverUri() + ": "
                    + redact(e.getMessage()), e);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException e) {
                    LOG.debug("closing the read connection to {} failed", settings.serverUri(), e);
                }
            }
        }
    }

    /**
     * The smallest APPENDLIMIT the server advertised on the connections open now, or one byte less than the smallest
     * message it refused as too big ({@code NO [TOOBIG]}), whichever is smaller; -1 when neither is known.
     */
    @Override
    public long appendLimit() {
        long limit = refusedLimit.get();
        synchronized (pool) {
            for (ImapConnection c : pool.values()) {
                long l = c.appendLimit();
                if (l > 0 && (limit < 0 || l < limit)) {
                    limit = l;
                }
            }
        }
        return limit;
    }

    /** The server without credentials, e.g. {@code imaps://imap.example.com:993}. */
    @Override
    public String describe() {
        return settings.serverUri();
    }

    /** Logs out and closes every pooled connection; a later {@link #append} connects again. */
    @Override
    public void close() {
        List<ImapConnection> all;
        synchronized (pool) {
            all = new ArrayList<>(pool.values());
            pool.clear();
        }
        for (ImapConnection connection : all) {
            synchronized (connection) {
                connection.retire();
            }
        }
    }

    /** Number of successful logins so far (for tests: proves connections are reused). */
    int loginCount() {
        return logins.get();
    }

    /** Number of connections currently pooled (for tests). */
    int openConnections() {
        synchronized (pool) {
            return pool.size();
        }
    }

    /** Folders SELECTed on pooled connections (for tests: appends leave none selected). */
    List<String> selectedFolders() {
        List<ImapConnection> all;
        synchronized (pool) {
            all = new ArrayList<>(pool.values());
        }
        List<String> selected = new ArrayList<>();
        for (ImapConnection c : all) {
            String folder;
            synchronized (c) {
                folder = c.selectedFolder();
            }
            if (folder != null) {
                selected.add(folder);
            }
        }
        return selected;
    }

    @Override
    public String toString() {
        return "ImapStore[" + describe() + "]";
    }
}
