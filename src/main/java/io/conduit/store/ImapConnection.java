package io.conduit.store;

import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.FolderClosedException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One logged-in IMAP connection of {@link ImapStore}; callers synchronize on it for every use. */
final class ImapConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);

    /** A folder SELECTed for APPENDs, and on which protocol object (a reconnection makes a new one). */
    private record AppendTarget(Object protocol, String folder) {
    }

    /** Result of one APPEND: the server folder name and the APPENDUID, {@code null} without UIDPLUS. */
    record Appended(String serverFolder, AppendUID uid) {
    }

    private final ImapSettings settings;
    private final Session session;
    private final String login;
    private final String mailbox;
    private final Runnable onLogin;
    private final Set<String> knownFolders = new HashSet<>();
    private Store store;
    private char delimiter;
    private boolean retired;
    private IMAPFolder selected;
    /** The folder SELECTed at the protocol level for APPENDs ({@link #appendTarget}), {@code null} when unknown. */
    private AppendTarget appendTarget;
    private volatile long appendLimit = -1;

    ImapConnection(ImapSettings settings, Session session, String login, String mailbox, Runnable onLogin) {
        this.settings = settings;
        this.session = session;
        this.login = login;
        this.mailbox = mailbox;
        this.onLogin = onLogin;
    }

    /** True once evicted from the pool or closed by {@link ImapStore#close()}; a retired connection is not reused. */
    boolean retired() {
        return retired;
    }

    /**
     * Appends a message into the folder given as path segments, creating the folder when missing.
     *
     * @throws MessagingException on any login, I/O or server failure
     */
    Appended append(List<String> path, MimeMessage message) throws MessagingException {
        connect();
        String name = serverName(path);
        IMAPFolder folder = existing(name);
        AppendUID[] uids;
        try {
            uids = appendOne(folder, name, message);
        } catch (FolderNotFoundException e) {
            // NO [TRYCREATE]: the folder vanished since it was cached (Angus reports it as FolderNotFoundException)
            uids = appendOne(retryCreated(name), name, message);
        } catch (FolderClosedException e) {
            throw e; // the connection dropped: the store reconnects
        } catch (MessagingException e) {
            // NO [TRYCREATE], or a NO because the SELECTed folder was deleted or renamed behind this session's back
            // (Dovecot answers NO [SERVERBUG]): create it when missing, select it again, and append once more
            if (!(e.getCause() instanceof CommandFailedException) && (e.getMessage() == null || !e.getMessage().contains("TRYCREATE"))) {
                throw e;
            }
            uids = appendOne(retryCreated(name), name, message);
        }
        return new Appended(name, uids == null || uids.length == 0 ? null : uids[0]);
    }

    /** One APPEND (UIDPLUS answer read by Angus Mail) into the folder, selected first at the protocol level. */
    private AppendUID[] appendOne(IMAPFolder folder, String name, MimeMessage message) throws MessagingException {
        folder.doCommand(protocol -> {
            appendTarget(protocol, name);
            return null;
        });
        return folder.appendUIDMessages(new Message[]{message});
    }

    /**
     * Appends several messages into the folder given as path segments with one {@code MULTIAPPEND} command (RFC 3502),
     * built through Angus Mail's protocol ({@link IMAPFolder#doCommand}), when the server offers {@code MULTIAPPEND};
     * else with one APPEND each. RFC 3502 makes the command atomic: a refusal ({@code NO}, e.g. {@code [TOOBIG]})
     * stores none of them. The folder is created when missing.
     *
     * @param messages the messages, each written once into memory as the command's literal (callers bound the bytes)
     * @return one result per message, in order; the UIDs come from the answer's {@code APPENDUID} UID set
     * @throws MessagingException on any login, I/O or server failure, or an answer that does not give one UID per
     *                            message while it claims UIDPLUS
     */
    List<Appended> appendAll(List<String> path, List<? extends MimeMessage> messages) throws MessagingException {
        connect();
        String name = serverName(path);
        IMAPFolder folder = existing(name);
        if (messages.size() == 1 || !((org.eclipse.angus.mail.imap.IMAPStore) store).hasCapability("MULTIAPPEND")) {
            List<Appended> each = new java.util.ArrayList<>(messages.size());
            for (MimeMessage message : messages) {
                each.add(append(path, message));
            }
            return each;
        }
        List<Appended> appended = new java.util.ArrayList<>(messages.size());
        List<org.eclipse.angus.mail.iap.Literal> literals = new java.util.ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            org.eclipse.angus.mail.iap.Literal literal = literal(messages.get(i));
            literals.add(literal);
            bytes += literal.size();
            if (bytes >= MULTIAPPEND_BYTES || i == messages.size() - 1) {
                folder = send(folder, name, literals, appended);
                literals.clear();
                bytes = 0;
            }
        }
        return appended;
    }

    /** Bytes of message literals in one MULTIAPPEND command at most (more messages go into the next command). */
    static final long MULTIAPPEND_BYTES = 8L * 1024 * 1024;

    private IMAPFolder send(IMAPFolder folder, String name, List<org.eclipse.angus.mail.iap.Literal> literals,
                            List<Appended> appended) throws MessagingException {
        AppendUID[] uids;
        IMAPFolder into = folder;
        try {
            uids = multiAppend(into, name, literals);
        } catch (FolderNotFoundException e) {
            into = retryCreated(name);
            uids = multiAppend(into, name, literals);
        } catch (FolderClosedException e) {
            throw e;
        } catch (MessagingException e) {
            // as for one APPEND: NO [TRYCREATE], or a NO for a selected folder deleted behind this session's back (a
            // refused MULTIAPPEND stores none of its messages, RFC 3502, so sending it once more cannot duplicate)
            if (!(e.getCause() instanceof CommandFailedException) && (e.getMessage() == null || !e.getMessage().contains("TRYCREATE"))) {
                throw e;
            }
            into = retryCreated(name);
            uids = multiAppend(into, name, literals);
        }
        for (int i = 0; i < literals.size(); i++) {
            appended.add(new Appended(name, uids == null ? null : uids[i]));
        }
        return into;
    }

    /**
     * Sends {@code APPEND "name" {n1}<msg1> {n2}<msg2> ...} and reads the tagged answer's {@code [APPENDUID v uid-set]}.
     *
     * @return each message's UIDVALIDITY and UID, in message order, or {@code null} when the answer has no APPENDUID
     *         (no UIDPLUS)
     */
    private AppendUID[] multiAppend(IMAPFolder folder, String name, List<org.eclipse.angus.mail.iap.Literal> literals)
            throws MessagingException {
        Object result = folder.doCommand(protocol -> {
            appendTarget(protocol, name);
            org.eclipse.angus.mail.iap.Argument args = new org.eclipse.angus.mail.iap.Argument();
            args.writeString(name);
            for (org.eclipse.angus.mail.iap.Literal literal : literals) {
                args.writeBytes(literal);
            }
            org.eclipse.angus.mail.iap.Response[] answers = protocol.command("APPEND", args);
            protocol.notifyResponseHandlers(answers);
            org.eclipse.angus.mail.iap.Response tagged = answers[answers.length - 1];
            protocol.handleResult(tagged); // NO / BAD: CommandFailedException, BYE: ConnectionException
            return appendUid(tagged);
        });
        if (result == null) {
            return null;
        }
        long[] answer = (long[]) result;
        if (answer.length - 1 != literals.size()) {
            throw new MessagingException("IMAP server answered MULTIAPPEND of " + literals.size() + " messages into "
                    + name + " with " + (answer.length - 1) + " UIDs");
        }
        AppendUID[] uids = new AppendUID[literals.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = new AppendUID(answer[0], answer[i + 1]);
        }
        return uids;
    }

    /**
     * The {@code APPENDUID} response code of a tagged {@code OK} (RFC 4315): UIDVALIDITY first, then each UID of the
     * set, read with Angus Mail's response reader and {@code UIDSet}; {@code null} without one.
     */
    private static long[] appendUid(org.eclipse.angus.mail.iap.Response tagged) {
        byte b;
        while ((b = tagged.readByte()) > 0 && b != (byte) '[') {
            // skip to the response code
        }
        if (b == 0 || !"APPENDUID".equalsIgnoreCase(tagged.readAtom())) {
            return null;
        }
        long validity = tagged.readLong();
        tagged.skipSpaces();
        long[] uids = org.eclipse.angus.mail.imap.protocol.UIDSet.toArray(
                org.eclipse.angus.mail.imap.protocol.UIDSet.parseUIDSets(tagged.readAtom()));
        long[] answer = new long[uids.length + 1];
        answer[0] = validity;
        System.arraycopy(uids, 0, answer, 1, uids.length);
        return answer;
    }

    /** The message as IMAP literal bytes (CRLF line ends), written once (a {@code HashedMimeMessage} hashes it then). */
    private static org.eclipse.angus.mail.iap.Literal literal(MimeMessage message) throws MessagingException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(4096);
        try (java.io.OutputStream out = new org.eclipse.angus.mail.util.CRLFOutputStream(bytes)) {
            message.writeTo(out);
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot write message " + message.getMessageID() + ": " + e.getMessage(), e);
        }
        byte[] data = bytes.toByteArray();
        return new org.eclipse.angus.mail.iap.Literal() {
            @Override
            public int size() {
                return data.length;
            }

            @Override
            public void writeTo(java.io.OutputStream out) throws java.io.IOException {
                out.write(data);
            }
        };
    }

    /**
     * The folder to APPEND into, as a closed {@link IMAPFolder} whose commands run on the store's connection, created
     * when missing (asked once per connection, then remembered). A folder a lookup opened is closed first, so that the
     * command runs on this connection, not on a second login.
     */
    private IMAPFolder existing(String name) throws MessagingException {
        unselect();
        return known(name, true);
    }

    /**
     * The folder by its server name, its existence asked once per connection ({@code LIST}) and then remembered.
     *
     * @return the folder, or {@code null} when it does not exist and {@code create} is false
     */
    private IMAPFolder known(String name, boolean create) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        if (!name.equals("INBOX") && !knownFolders.contains(name)) {
            if (!folder.exists()) {
                if (!create) {
                    return null;
                }
                create(folder);
            }
            knownFolders.add(name);
        }
        return folder;
    }

    /**
     * SELECTs the folder an APPEND goes into at the protocol level, once per folder and connection. Two costs that grow
     * with the size of the server's folder are avoided this way:
     * <ul>
     * <li>Dovecot appends into the mailbox it has open; without a selected mailbox it opens the target (and reads its
     *     index) for every APPEND command, which at 600,000 messages a folder took more CPU than Conduit itself;</li>
     * <li>no {@link IMAPFolder} is open, so Angus Mail keeps no message table for the folder: an open folder grows its
     *     table for each {@code * n EXISTS} the server announces after an APPEND, copying it whole each time (a 4 MB
     *     copy per command into a folder of a million messages, and a G1 humongous allocation).</li>
     * </ul>
     * The untagged {@code EXISTS} and {@code RECENT} answers go to the store's response handler, which ignores them.
     * A refused SELECT (a folder deleted behind this session's back) leaves nothing selected: the APPEND then answers
     * {@code NO [TRYCREATE]} and the folder is created again.
     */
    private void appendTarget(org.eclipse.angus.mail.imap.protocol.IMAPProtocol protocol, String name) {
        AppendTarget wanted = new AppendTarget(protocol, name);
        if (wanted.equals(appendTarget)) {
            return;
        }
        appendTarget = null;
        try {
            protocol.select(name);
            appendTarget = wanted;
        } catch (org.eclipse.angus.mail.iap.ProtocolException e) {
            LOG.debug("IMAP SELECT of {} before APPEND refused: {}", name, e.getMessage());
        }
    }

    /** The folder SELECTed on this connection (by a lookup or a removal), {@code null} when none is: for tests. */
    String selectedFolder() {
        return selected != null && selected.isOpen() ? selected.getFullName() : null;
    }

    /**
     * SELECTs a folder for a lookup or a removal (after a crash or an outage), and keeps it selected for the next one.
     *
     * @param create create the folder when it does not exist
     * @return the selected folder, or {@code null} when it does not exist and {@code create} is false
     */
    private IMAPFolder select(String name, boolean create) throws MessagingException {
        if (selected != null && selected.isOpen() && selected.getFullName().equals(name)) {
            return selected;
        }
        unselect();
        appendTarget = null; // the folder opened below SELECTs on the connection the APPENDs use
        IMAPFolder folder = known(name, create);
        if (folder == null) {
            return null;
        }
        try {
            folder.open(Folder.READ_WRITE);
        } catch (FolderNotFoundException e) {
            knownFolders.remove(name); // deleted since it was cached
            if (!create) {
                return null;
            }
            create(folder);
            knownFolders.add(name);
            folder.open(Folder.READ_WRITE);
        }
        selected = folder;
        return folder;
    }

    private void unselect() {
        if (selected != null) {
            appendTarget = null; // opening and closing that folder changed what the connection has selected
        }
        if (selected != null && selected.isOpen()) {
            try {
                selected.close(false);
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("IMAP CLOSE failed: {}", e.getMessage());
            }
        }
        selected = null;
    }

    /**
     * Looks for a message by its {@code Message-ID} in the folder given as path segments ({@code UID SEARCH HEADER
     * Message-ID}), to learn whether an APPEND whose answer was lost, or that ran before a crash, was stored.
     *
     * @return the folder and the message's UID with the folder's UIDVALIDITY, or {@code null} when the folder does
     *         not exist or holds no such message
     * @throws MessagingException on any login, I/O or server failure
     */
    Appended find(List<String> path, String messageId) throws MessagingException {
        connect();
        String name = serverName(path);
        IMAPFolder folder = select(name, false);
        if (folder == null) {
            return null;
        }
        Message[] found = folder.search(new HeaderTerm("Message-ID", messageId));
        if (found.length == 0) {
            return null;
        }
        return new Appended(name, new AppendUID(folder.getUIDValidity(), folder.getUID(found[0])));
    }

    /**
     * Removes every message with this {@code Message-ID} in the folder but the one kept (by UID): a copy the server
     * wrote but had not yet indexed when it was searched for, which it indexes later (Dovecot stopped during an
     * APPEND writes the file, and adopts it when the folder's index is rebuilt on the next APPEND). {@code UID STORE
     * +FLAGS \\Deleted}, then {@code UID EXPUNGE} of those messages alone.
     *
     * @return how many messages were removed
     * @throws MessagingException on any login, I/O or server failure
     */
    int removeOthers(List<String> path, String messageId, long keepUid) throws MessagingException {
        connect();
        IMAPFolder folder = select(serverName(path), false);
        if (folder == null) {
            return 0;
        }
        List<Message> others = new java.util.ArrayList<>();
        for (Message m : folder.search(new HeaderTerm("Message-ID", messageId))) {
            if (folder.getUID(m) != keepUid) {
                others.add(m);
            }
        }
        if (others.isEmpty()) {
            return 0;
        }
        for (Message m : others) {
            m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
        }
        folder.expunge(others.toArray(Message[]::new));
        return others.size();
    }

    /**
     * Deletes the message with that UID from the server folder ({@code UID STORE +FLAGS \\Deleted}, then
     * {@code UID EXPUNGE} of that message alone when the server has UIDPLUS).
     *
     * @return false when the folder's UIDVALIDITY changed or no such message is there
     * @throws MessagingException on any login, I/O or server failure
     */
    boolean remove(String serverFolder, long uidValidity, long uid) throws MessagingException {
        connect();
        IMAPFolder folder = select(serverFolder, false);
        if (folder == null || folder.getUIDValidity() != uidValidity) {
            return false;
        }
        Message m = folder.getMessageByUID(uid);
        if (m == null) {
            return false;
        }
        m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
        folder.expunge(new Message[] {m});
        return true;
    }

    private IMAPFolder retryCreated(String name) throws MessagingException {
        knownFolders.remove(name);
        appendTarget = null; // SELECT the folder again once created: the one selected before is gone
        return existing(name);
    }

    private void connect() throws MessagingException {
        if (store != null) {
            return;
        }
        if (settings.insecureTrustAll() && settings.security() != ImapSettings.Security.NONE) {
            LOG.warn("INSECURE: IMAP connection to {} trusts every certificate and host name (insecureTrustAll); "
                    + "tests only", settings.serverUri());
        }
        if (settings.security() == ImapSettings.Security.NONE) {
            LOG.warn("INSECURE: IMAP connection to {} is plain text without TLS; credentials and messages travel "
                    + "unencrypted", settings.serverUri());
        }
        Store s = login();
        try {
            delimiter = s.getDefaultFolder().getSeparator();
        } catch (MessagingException e) {
            closeQuietly(s);
            throw e;
        }
        store = s;
        onLogin.run();
        appendLimit = readAppendLimit(s);
        if (settings.masterMode()) {
            LOG.info("IMAP connected to {} for mailbox {} (master user {})", settings.serverUri(), mailbox,
                    settings.masterUser());
        } else if (settings.oauth() != null) {
            LOG.info("IMAP connected to {} as {} (XOAUTH2, {})", settings.serverUri(), login, settings.oauth().describe());
        } else {
            LOG.info("IMAP connected to {} as {} (plain login)", settings.serverUri(), login);
        }
    }

    /** The server's APPENDLIMIT (RFC 7889) in bytes, or -1 when it advertises none or has not been asked yet. */
    long appendLimit() {
        return appendLimit;
    }

    private static long readAppendLimit(Store s) {
        try {
            Object capabilities = ((IMAPFolder) s.getDefaultFolder()).doCommand(p -> p.getCapabilities());
            if (capabilities instanceof java.util.Map<?, ?> map) {
                for (Object key : map.keySet()) {
                    String k = String.valueOf(key).toUpperCase(java.util.Locale.ROOT);
                    if (k.startsWith("APPENDLIMIT=")) {
                        return Long.parseLong(k.substring("APPENDLIMIT=".length()));
                    }
                }
            }
        } catch (MessagingException | NumberFormatException e) {
            LOG.debug("IMAP APPENDLIMIT not readable: {}", e.getMessage());
        }
        return -1;
    }

    private String serverName(List<String> path) {
        if (path.size() == 1 && path.get(0).equals("INBOX")) {
            return "INBOX";
        }
        StringBuilder name = new StringBuilder();
        for (String segment : path) {
            if (name.length() > 0) {
                name.append(delimiter);
            }
            // a delimiter inside one segment (e.g. the dots of an address on a '.'-delimited server) is not a level
            name.append(delimiter == '\0' ? segment : segment.replace(delimiter, '_'));
        }
        return name.toString();
    }

    private static void create(IMAPFolder folder) throws MessagingException {
        if (!folder.create(Folder.HOLDS_MESSAGES) && !folder.exists()) {
            throw new MessagingException("server refused to create the folder");
        }
        try {
            folder.setSubscribed(true);
        } catch (MessagingException e) {
            LOG.debug("IMAP SUBSCRIBE refused for a created folder: {}", e.getMessage());
        }
    }

    /** Drops the connection (without error) so that the next {@link #append} logs in again. */
    void disconnect() {
        selected = null;
        appendTarget = null;
        if (store != null) {
            closeQuietly(store);
        }
        store = null;
        knownFolders.clear();
    }

    /**
     * Connects and logs in (quietly: the readiness check calls this often), and asks the server for a NOOP.
     *
     * @throws MessagingException when the server is unreachable or refuses the login
     */
    void verify() throws MessagingException {
        if (store == null) {
            store = login();
        }
        if (!store.isConnected()) {
            throw new MessagingException("IMAP connection to " + settings.serverUri() + " closed after login");
        }
    }

    /**
     * Connects and logs in: with the password, or with SASL XOAUTH2 and an access token; a token the server refuses is
     * forgotten and a fresh one tried once (one login per session, never per item).
     */
    private Store login() throws MessagingException {
        return login(session, settings, login, mailbox);
    }

    /** Logs in as {@link #login()} does, for a connection the store opens for itself ({@code readAll}). */
    static Store login(Session session, ImapSettings settings, String login, String mailbox) throws MessagingException {
        Store s = session.getStore(ImapSessions.protocol(settings));
        try {
            s.connect(settings.host(), settings.port(), login, settings.secretFor(mailbox));
        } catch (jakarta.mail.AuthenticationFailedException refused) {
            if (settings.oauth() == null || refused.getMessage() != null && refused.getMessage().startsWith("no OAuth token")) {
                throw refused;
            }
            settings.oauth().invalidate(settings.user() != null ? settings.user() : mailbox);
            s.connect(settings.host(), settings.port(), login, settings.secretFor(mailbox));
        }
        return s;
    }

    /** Disconnects and marks the connection as no longer usable. */
    void retire() {
        retired = true;
        disconnect();
    }

    private static void closeQuietly(Store s) {
        try {
            s.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("IMAP logout failed: {}", e.getMessage());
        }
    }
}
